// `switchyard deploy | ps | logs | start | stop | rm` (and `fit`, in fit-command.ts; docs/CONTRACT.md).
// `deploy --dry-run` works offline; the others talk to the running instance through its admin API,
// like the docker CLI talks to dockerd. Usage mistakes throw errors coded ERR_PARSE_ARGS_* (exit 2).
import { parseArgs } from 'node:util';
import type { Deployment } from '../../../shared/schemas';
import type { DeploymentSpecInput } from '../../../shared/deployment-schemas';
import type { InstanceClient } from '../commands/instance-client';
import { findCatalogModel } from './catalog';
import { DockerCommandError, type DockerCommandIo, number, parseGpus, usage } from './cli-args';
import { fitCommand } from './fit-command';
import { planDeployment } from './plan';
import { canBindLoopback, PORT_RANGE } from './ports';
import { composeSnippet, dockerRunLine } from './render';

export { DockerCommandError, type DockerCommandIo, parseGpus } from './cli-args';

export type DockerCommand = 'fit' | 'deploy' | 'ps' | 'logs' | 'start' | 'stop' | 'rm';
export const DOCKER_COMMANDS: DockerCommand[] = ['fit', 'deploy', 'ps', 'logs', 'start', 'stop', 'rm'];

async function freeLocalPort(): Promise<number> {
  for (let p = PORT_RANGE[0]; p <= PORT_RANGE[1]; p++) if (await canBindLoopback(p)) return p;
  throw new DockerCommandError('No free port between 8001 and 8999 on this machine: pass --port.');
}

function deploySpec(argv: string[]): {
  spec: DeploymentSpecInput;
  dryRun: boolean;
  compose: boolean;
  host: string | undefined;
  detach: boolean;
} {
  const split = argv.indexOf('--');
  const own = split >= 0 ? argv.slice(0, split) : argv;
  const engineArgs = split >= 0 ? argv.slice(split + 1) : [];
  const { values, positionals } = parseArgs({
    args: own,
    strict: true,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      host: { type: 'string' },
      image: { type: 'string' },
      gpus: { type: 'string' },
      port: { type: 'string' },
      'served-model-name': { type: 'string' },
      'dry-run': { type: 'boolean' },
      compose: { type: 'boolean' },
      detach: { type: 'boolean', short: 'd' },
    },
  });
  const model = positionals[0];
  if (!model)
    throw usage(
      'usage: switchyard deploy MODEL [--name NAME] [--host HOST] [--image IMAGE] [--gpus all|none|0,1] [--port N] [--dry-run] [-- ENGINE ARGS…]',
    );
  const name =
    values.name ??
    model
      .split('/')
      .pop()!
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 63);
  const spec: DeploymentSpecInput = {
    name,
    model,
    engineArgs,
    servedModelName: values['served-model-name'],
    image: values.image,
    gpus: parseGpus(values.gpus),
    hostPort: number('port', values.port, { integer: true, max: 65535 }),
  };
  const catalogArgs = findCatalogModel(model)?.recommendedArgs ?? [];
  // Recommended arguments of a catalog model, unless the user gave engine arguments of their own.
  if (!engineArgs.length && catalogArgs.length) spec.engineArgs = [...catalogArgs];
  return {
    spec,
    dryRun: Boolean(values['dry-run']),
    compose: Boolean(values.compose),
    host: values.host,
    detach: Boolean(values.detach),
  };
}

async function deployCommand(argv: string[], io: DockerCommandIo): Promise<void> {
  const { spec, dryRun, compose, host, detach } = deploySpec(argv);
  if (dryRun) {
    let plan;
    try {
      plan = planDeployment({
        spec,
        hostPort: spec.hostPort ?? (await freeLocalPort()),
        hfToken: process.env.HF_TOKEN ? 'from-environment' : null,
      });
    } catch (err) {
      throw usage((err as Error).message);
    }
    io.print(compose ? composeSnippet(plan) : dockerRunLine(plan));
    return;
  }
  const client = io.connect();
  if (host) {
    const hosts = await client.call('hosts.list', {});
    const found = hosts.find((h) => h.name === host || h.id === host);
    if (!found)
      throw new DockerCommandError(
        `No host named "${host}": add it first (Hosts & GPUs), or use one of ${hosts.map((h) => h.name).join(', ')}.`,
      );
    spec.hostId = found.id;
  }
  const row = await client.call('deployments.create', { spec });
  io.print(`deploying ${row.name} (${row.model}) on 127.0.0.1:${row.port}`);
  if (detach) return;
  await followUntilSettled(client, row.name, io);
}

async function followUntilSettled(client: InstanceClient, name: string, io: DockerCommandIo): Promise<void> {
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (;;) {
    const p = await client.call('deployments.progress', { name });
    if (p) {
      const line = `${p.phase}${p.fraction !== null ? ` ${Math.round(p.fraction * 100)}%` : ''}${p.detail ? ` — ${p.detail}` : ''}`;
      if (line !== last) io.print(line);
      last = line;
      if (p.phase === 'ready') {
        if (p.logged.kvCacheTokens !== null)
          io.print(
            `vLLM: KV cache ${p.logged.kvCacheTokens.toLocaleString('en-US')} tokens, max concurrency ${p.logged.maxConcurrency?.toFixed(2)}x`,
          );
        return;
      }
      if (p.phase === 'failed' || p.phase === 'stopped')
        throw new DockerCommandError(
          `${name} ${p.phase}: ${p.reason ?? 'see `switchyard logs ' + name + '`'}${p.evidence ? `\n  log: ${p.evidence}` : ''}`,
        );
    }
    await sleep(1_000);
  }
}

function psLines(rows: Deployment[]): string[] {
  const table = [
    ['NAME', 'STATE', 'MODEL', 'SERVED AS', 'PORT', 'REASON'],
    ...rows.map((d) => [
      d.name,
      d.state,
      d.model,
      d.servedModelName,
      d.port ? String(d.port) : '',
      d.stateReason ?? '',
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return table.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export async function runDockerCommand(command: DockerCommand, argv: string[], io: DockerCommandIo): Promise<void> {
  switch (command) {
    case 'fit':
      return fitCommand(argv, io);
    case 'deploy':
      return deployCommand(argv, io);
    case 'ps': {
      parseArgs({ args: argv, strict: true, options: {} });
      for (const line of psLines(await io.connect().call('deployments.list', {}))) io.print(line);
      return;
    }
    case 'logs': {
      const { values, positionals } = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' } },
      });
      if (!positionals[0]) throw usage('usage: switchyard logs NAME [--follow] [--tail N]');
      const client = io.connect();
      const tail = number('tail', values.tail, { integer: true, max: 10_000 }) ?? 500;
      let printed = (await client.call('deployments.logs', { name: positionals[0], tail })).lines;
      printed.forEach((l) => io.print(l));
      const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
      while (values.follow) {
        await sleep(1_000);
        const lines = (await client.call('deployments.logs', { name: positionals[0], tail: 10_000 })).lines;
        // New lines are those after the last line already printed.
        const lastSeen = printed.length ? lines.lastIndexOf(printed[printed.length - 1]) : -1;
        const fresh = lastSeen >= 0 ? lines.slice(lastSeen + 1) : lines;
        fresh.forEach((l) => io.print(l));
        if (fresh.length) printed = lines;
      }
      return;
    }
    case 'start':
    case 'stop':
    case 'rm': {
      const { positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} });
      if (!positionals[0]) throw usage(`usage: switchyard ${command} NAME`);
      const client = io.connect();
      const name = positionals[0];
      if (command === 'rm') {
        const { removed } = await client.call('deployments.remove', { name });
        io.print(removed ? `removed ${name}` : `${name} had no container; its record is gone`);
      } else if (command === 'stop') {
        io.print(`${(await client.call('deployments.stop', { name })).name} stopped`);
      } else {
        await client.call('deployments.start', { name });
        io.print(`starting ${name}`);
        await followUntilSettled(client, name, io);
      }
      return;
    }
  }
}
