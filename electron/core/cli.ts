// `switchyard`: the command line (docs/CONTRACT.md). Each command parses its own flags and fails with
// one clear line (exit 2 for usage, 1 for runtime errors).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { connectToInstance } from './commands/instance-client';
import { configCommand } from './commands/config-command';
import { keysCommand } from './commands/keys-command';
import { connectCommand } from './commands/connect-command';
import { defaultDataDir } from './data-dir';
import { GATEWAY_USAGE, GatewayUsageError, gatewayCommand } from './replica/gateway-command';
import { gatewayScale } from './gateway/shared-state/scale-options';
import { serve } from './serve';
import { VERSION } from './version';

const USAGE = `switchyard ${VERSION}

  switchyard serve [--config FILE] [--data-dir DIR] [--host 127.0.0.1] [--port 4000] [--ui-port 4141] [--master-key sk-…] [--demo]
                   [--redis redis://host:6379] [--gateway-workers N]
${GATEWAY_USAGE}
  switchyard sim   [MODEL] [--model NAME] [--port 8000] [vLLM engine arguments…]
  switchyard deploy MODEL [--name NAME] [--host HOST] [--image IMAGE] [--gpus all|none|0,1] [--port N] [--dry-run] [-- ENGINE ARGS…]
  switchyard ps | logs NAME [--follow] | start NAME | stop NAME | rm NAME
  switchyard fit   MODEL [--config-json FILE] [--weights-gib X] [--gpu-mem-gib G] [--gpus N] [--tensor-parallel-size N]
                   [--gpu-memory-utilization U] [--max-model-len N] [--kv-cache-dtype auto|fp8] [--json]
  switchyard import FILE              a LiteLLM config.yaml into the running instance
  switchyard export --format litellm [--include-secrets]
  switchyard export --format k8s|production-stack [--deployment NAME]… [--namespace NS] [--gateway-replicas N] [--admin-url URL]
  switchyard keys  create [--alias A] [--budget USD] [--budget-duration 30d] [--models a,b] [--rpm N] [--tpm N] | list | revoke KEY
  switchyard connect [CLIENT] [--key sk-…] [--model GROUP] [--test]   setup for Claude Code, Codex, Open WebUI, Continue, the SDKs, curl
  switchyard build-sim-image        build the simulator image switchyard/vllm-sim:dev (no registry needed)
  switchyard --version
`;

class UsageError extends Error {}

/** Commands that talk to the running instance accept --data-dir anywhere among their arguments. */
function takeDataDir(argv: string[]): { dataDir: string; rest: string[] } {
  const rest = [...argv];
  const at = rest.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  let dir: string | undefined;
  if (at >= 0) {
    const [flag] = rest.splice(at, 1);
    dir = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : rest.splice(at, 1)[0];
    if (!dir) throw new UsageError('--data-dir needs a directory');
  }
  return { dataDir: resolve(dir ?? defaultDataDir()), rest };
}

function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${flag} must be a port number (0-65535), got "${value}"`);
  return port;
}

async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'master-key': { type: 'string' },
      config: { type: 'string' },
      demo: { type: 'boolean' },
      redis: { type: 'string' },
      'gateway-workers': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  let scale: ReturnType<typeof gatewayScale>;
  try {
    scale = gatewayScale(values.redis, values['gateway-workers']);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const running = await serve({
    dataDir,
    host: values.host,
    port: parsePort('--port', values.port),
    uiPort: parsePort('--ui-port', values['ui-port']),
    masterKey: values['master-key'],
    demo: values.demo,
    redisUrl: scale.redisUrl ?? undefined,
    gatewayWorkers: scale.workers,
    configPath: values.config ? resolve(values.config) : undefined,
    bundleDir: __dirname,
    log: (line) => console.log(line),
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping (finishing in-flight work)…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`error while stopping: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case 'gateway':
      return gatewayCommand(rest, (line) => console.log(line));
    case 'sim': {
      const { runSimCommand } = await import('vllm-sim');
      return runSimCommand(rest);
    }
    case 'build-sim-image': {
      const { buildSimImage } = await import('vllm-sim');
      const { tag, bytes } = await buildSimImage({ onProgress: (line) => console.log(line) });
      console.log(`built ${tag} (${(bytes / 1e6).toFixed(1)} MB)`);
      return;
    }
    case 'import':
    case 'export': {
      const { dataDir, rest: args } = takeDataDir(rest);
      return configCommand(command, connectToInstance(dataDir), args, (text) => process.stdout.write(text));
    }
    case 'fit':
    case 'deploy':
    case 'ps':
    case 'logs':
    case 'start':
    case 'stop':
    case 'rm': {
      const { runDockerCommand } = await import('./docker/cli-commands');
      const { dataDir, rest: args } = takeDataDir(rest);
      return runDockerCommand(command, args, {
        print: (line) => console.log(line),
        connect: () => connectToInstance(dataDir),
      });
    }
    case 'keys': {
      const { dataDir, rest: args } = takeDataDir(rest);
      return keysCommand(connectToInstance(dataDir), args, (line) => console.log(line));
    }
    case 'connect': {
      const { dataDir, rest: args } = takeDataDir(rest);
      return connectCommand(connectToInstance(dataDir), args, (line) => console.log(line));
    }
    case '--version':
    case '-v':
      console.log(VERSION);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}". Run \`switchyard --help\` for the commands.`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (
    err instanceof UsageError ||
    err instanceof GatewayUsageError ||
    (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`switchyard: ${(err as Error).message}`);
    process.exit(2);
  }
  // StoreError, CliError and the rest already say what to do in their message.
  console.error(`switchyard: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
