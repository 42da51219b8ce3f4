// `switchyard fit | deploy | ps | logs | start | stop | rm` (docs/CONTRACT.md). `fit` and
// `deploy --dry-run` work offline; the others talk to the running instance through its admin API,
// like the docker CLI talks to dockerd. Usage mistakes throw errors coded ERR_PARSE_ARGS_* (exit 2).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Deployment } from '../../../shared/schemas';
import type { DeploymentSpecInput, GpuSelection } from '../../../shared/deployment-schemas';
import type { InstanceClient } from '../commands/instance-client';
import { findCatalogModel } from './catalog';
import { fitFor, fitJson, ModelConfigError } from '../fit';
import { FitRequest } from '../../../shared/deployment-schemas';
import { planDeployment } from './plan';
import { canBindLoopback, PORT_RANGE } from './ports';
import { composeSnippet, dockerRunLine } from './render';

export type DockerCommand = 'fit' | 'deploy' | 'ps' | 'logs' | 'start' | 'stop' | 'rm';
export const DOCKER_COMMANDS: DockerCommand[] = ['fit', 'deploy', 'ps', 'logs', 'start', 'stop', 'rm'];

export interface DockerCommandIo {
  print: (line: string) => void;
  /** Connects to the running instance (throws with one clear line when none runs). */
  connect: () => InstanceClient;
  /** For `fit` without --config-json: config.json from the Hub (default: fetch). */
  fetchConfig?: (model: string) => Promise<unknown>;
  sleep?: (ms: number) => Promise<void>;
}

export class DockerCommandError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DockerCommandError';
  }
}
const usage = (message: string) => new DockerCommandError(message, 'ERR_PARSE_ARGS_USAGE');

function number(flag: string, value: string | undefined, { integer = false, max = Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n)))
    throw usage(
      `--${flag} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` up to ${max}` : ''}, got "${value}"`,
    );
  return n;
}

export function parseGpus(value: string | undefined): GpuSelection | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return { kind: 'all' };
  if (value === 'none') return { kind: 'none' };
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length && parts.every((p) => /^\d+$/.test(p))) return { kind: 'indices', indices: parts.map(Number) };
  if (parts.length && parts.every((p) => /^(GPU|MIG)-/.test(p))) return { kind: 'uuids', uuids: parts };
  throw usage(`--gpus must be all, none, indices such as 0,1, or GPU UUIDs; got "${value}"`);
}

/** config.json from the Hugging Face Hub, with a clear line when offline or gated. */
export async function fetchHubConfig(model: string): Promise<unknown> {
  const headers: Record<string, string> = process.env.HF_TOKEN
    ? { authorization: `Bearer ${process.env.HF_TOKEN}` }
    : {};
  let res: Response;
  try {
    res = await fetch(`https://huggingface.co/${model}/resolve/main/config.json`, {
      headers,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new DockerCommandError(
      `Cannot reach huggingface.co for ${model}'s config.json (${(err as Error).message}): pass it offline with --config-json FILE.`,
    );
  }
  if (res.status === 401 || res.status === 403)
    throw new DockerCommandError(
      `${model} is gated or private on Hugging Face: set HF_TOKEN to a token with access, or pass --config-json FILE.`,
    );
  if (res.status === 404)
    throw new DockerCommandError(`No model ${model} on Hugging Face: check the id, or pass --config-json FILE.`);
  if (!res.ok)
    throw new DockerCommandError(
      `Hugging Face answered ${res.status} for ${model}'s config.json: pass --config-json FILE.`,
    );
  return res.json();
}

/** This host's GPUs, asked of the running instance: the smallest GPU's memory and the count. */
async function hostGpus(io: DockerCommandIo): Promise<{ memGib: number; count: number; name: string }> {
  const hint = 'pass --gpu-mem-gib G (the memory of one GPU in GiB, e.g. 80 for an H100, 24 for an RTX 4090)';
  let inventory;
  try {
    inventory = await io.connect().call('hosts.gpus', { hostId: 'local', refresh: false });
  } catch (err) {
    throw usage(
      `No GPU size given and none could be read from this host (${(err as Error).message.replace(/\.$/, '')}): ${hint}.`,
    );
  }
  const sized = inventory.gpus.filter((g) => g.memoryTotalMib !== null);
  if (!inventory.available || !sized.length)
    throw usage(
      `${inventory.problem ?? (inventory.unifiedMemory ? 'This host has unified memory, so its GPU reports no size of its own' : 'No GPU found on this host')}: ${hint}.`,
    );
  const smallest = sized.reduce((a, b) => (a.memoryTotalMib! <= b.memoryTotalMib! ? a : b));
  return { memGib: smallest.memoryTotalMib! / 1024, count: inventory.gpus.length, name: smallest.name };
}

async function fitCommand(argv: string[], io: DockerCommandIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      'config-json': { type: 'string' },
      'weights-gib': { type: 'string' },
      'gpu-mem-gib': { type: 'string' },
      gpus: { type: 'string' },
      'tensor-parallel-size': { type: 'string' },
      'pipeline-parallel-size': { type: 'string' },
      'gpu-memory-utilization': { type: 'string' },
      'max-model-len': { type: 'string' },
      'kv-cache-dtype': { type: 'string' },
      'max-num-batched-tokens': { type: 'string' },
      'max-num-seqs': { type: 'string' },
      'enforce-eager': { type: 'boolean' },
      json: { type: 'boolean' },
      'draft-config-json': { type: 'string' },
      'draft-weights-gib': { type: 'string' },
    },
  });
  const model = positionals[0];
  if (!model && !values['config-json'])
    throw usage(
      'usage: switchyard fit MODEL [--config-json FILE] [--gpu-mem-gib G] [--gpus N] [--max-model-len N] [--json] …',
    );
  let gpuMemGib = number('gpu-mem-gib', values['gpu-mem-gib']);
  let gpuCount: number | undefined;
  let gpuName: string | undefined;
  if (gpuMemGib === undefined) {
    const host = await hostGpus(io);
    gpuMemGib = host.memGib;
    gpuCount = host.count;
    gpuName = host.name;
  }
  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new DockerCommandError(`Cannot read ${file}: ${(err as Error).message}`);
    }
  };
  let config: unknown;
  if (values['config-json']) {
    config = readJson(values['config-json']);
  } else {
    config = findCatalogModel(model!)?.config ?? (await (io.fetchConfig ?? fetchHubConfig)(model!));
  }
  const kv = values['kv-cache-dtype'];
  if (kv !== undefined && !['auto', 'fp8', 'fp8_e4m3', 'fp8_e5m2'].includes(kv))
    throw usage(`--kv-cache-dtype must be auto or fp8, got "${kv}"`);
  const parsed = FitRequest.safeParse({
    gpuMemGib,
    gpuName,
    weightsGib: number('weights-gib', values['weights-gib']),
    gpus: number('gpus', values.gpus, { integer: true }) ?? gpuCount,
    tensorParallelSize: number('tensor-parallel-size', values['tensor-parallel-size'], { integer: true }),
    pipelineParallelSize: number('pipeline-parallel-size', values['pipeline-parallel-size'], { integer: true }),
    gpuMemoryUtilization: number('gpu-memory-utilization', values['gpu-memory-utilization'], { max: 1 }),
    maxModelLen: number('max-model-len', values['max-model-len'], { integer: true }),
    kvCacheDtype: kv,
    maxNumBatchedTokens: number('max-num-batched-tokens', values['max-num-batched-tokens'], { integer: true }),
    maxNumSeqs: number('max-num-seqs', values['max-num-seqs'], { integer: true }),
    enforceEager: values['enforce-eager'],
    draftConfig: values['draft-config-json'] ? readJson(values['draft-config-json']) : undefined,
    draftWeightsGib: number('draft-weights-gib', values['draft-weights-gib']),
  });
  if (!parsed.success) throw usage(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  let estimate;
  try {
    estimate = fitFor({ ...parsed.data, config: config as Record<string, unknown> });
  } catch (err) {
    if (err instanceof ModelConfigError) throw new DockerCommandError(err.message);
    throw err;
  }
  if (values.json) {
    io.print(JSON.stringify(fitJson(estimate)));
    return;
  }
  const b = estimate.breakdown;
  io.print(
    `weights per GPU        ${estimate.weightsGib.toFixed(2)} GiB${b.weightsEstimated ? ' (estimated from config.json)' : ''}`,
  );
  io.print(
    `KV cache per token     ${estimate.kvBytesPerToken.toLocaleString('en-US')} bytes (${b.kvHeadsPerGpu} KV head${b.kvHeadsPerGpu === 1 ? '' : 's'} per GPU, TP ${b.tensorParallel}${b.pipelineParallel > 1 ? `, PP ${b.pipelineParallel}` : ''})`,
  );
  io.print(
    `KV cache               ${Math.max(0, b.availableKvGib).toFixed(2)} GiB = ${estimate.kvCacheTokens.toLocaleString('en-US')} tokens`,
  );
  io.print(
    `max concurrency        ${estimate.maxConcurrency.toFixed(2)}x at ${estimate.maxModelLen.toLocaleString('en-US')} tokens`,
  );
  io.print(`verdict                ${estimate.verdictText}`);
  for (const note of estimate.notes) io.print(`note: ${note}`);
}

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
