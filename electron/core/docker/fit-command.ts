// `switchyard fit MODEL`: whether a model fits this host's GPUs, offline from config.json (a file,
// the catalog or the Hub), with the GPU size given or asked of the running instance.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FitRequest } from '../../../shared/deployment-schemas';
import { fitFor, fitJson, ModelConfigError } from '../fit';
import { findCatalogModel } from './catalog';
import { DockerCommandError, type DockerCommandIo, number, usage } from './cli-args';

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

export async function fitCommand(argv: string[], io: DockerCommandIo): Promise<void> {
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
