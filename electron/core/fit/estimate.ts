// The fit estimate: will this model run on these GPUs with these engine arguments, how many KV
// tokens will vLLM have, how many requests of max_model_len fit at once, and if not, what to change.
// Pure: config shape and options in, FitEstimate out. `fitJson` is the CONTRACT's `fit --json`.
import type { FitEstimate, FitParams } from '../../../shared/deployment-schemas';
import {
  bytesForOneRequest,
  estimateMaxModelLen,
  kvHeadsPerGpu,
  kvLayoutOf,
  loggedKvTokens,
  maxConcurrency,
  numBlocks,
  projectGroups,
  stageLayerRanges,
  type KvGroup,
} from './kv-cache';
import { CUDA_CONTEXT_BYTES, memoryBudget, schedulerDefaults } from './memory-budget';
import type { ModelShape } from './model-shape';
import { estimateWeightBytes, GIB } from './weights';

export type FitOptions = Omit<FitParams, 'model' | 'config'>;

const gib = (bytes: number) => Math.round((bytes / GIB) * 100) / 100;
const fmtGib = (bytes: number) => `${(bytes / GIB).toFixed(2)} GiB`;
const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Tensor-parallel sizes worth suggesting: powers of two that divide the attention heads. */
function suggestTensorParallel(shape: ModelShape, options: FitOptions, from: number): number | null {
  for (const tp of [2, 4, 8, 16]) {
    if (tp <= from || shape.numHeads % tp !== 0) continue;
    const again = estimateFit(shape, {
      ...options,
      gpus: tp * options.pipelineParallelSize,
      tensorParallelSize: tp,
      gpuFreeGib: undefined,
    });
    if (again.verdict !== 'does-not-fit') return tp;
  }
  return null;
}

export function estimateFit(shape: ModelShape, options: FitOptions): FitEstimate {
  const pp = options.pipelineParallelSize;
  const tp = options.tensorParallelSize ?? Math.max(1, Math.floor(options.gpus / pp));
  const defaults = schedulerDefaults(options.gpuMemGib, options.gpuName);
  const maxNumBatchedTokens = options.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens;
  const maxNumSeqs = options.maxNumSeqs ?? defaults.maxNumSeqs;
  const maxModelLen = options.maxModelLen ?? shape.derivedMaxModelLen;
  const weightsEstimated = options.weightsGib === undefined;
  const weightsTotal = weightsEstimated ? estimateWeightBytes(shape) : options.weightsGib! * GIB;
  const weightsPerGpu = weightsTotal / (tp * pp);
  const notes = [...shape.notes];
  if (weightsEstimated)
    notes.push(
      'weights estimated from the parameter count in config.json; pass the checkpoint size for a closer figure',
    );

  const budget = memoryBudget(shape, {
    gpuMemGib: options.gpuMemGib,
    gpuMemoryUtilization: options.gpuMemoryUtilization,
    weightsPerGpuBytes: weightsPerGpu,
    maxNumBatchedTokens,
    maxNumSeqs,
    tensorParallel: tp,
    pipelineParallel: pp,
    enforceEager: options.enforceEager,
    estimateCudaGraphs: options.estimateCudaGraphs,
  });
  const layout = kvLayoutOf(shape, {
    tensorParallel: tp,
    kvCacheDtype: options.kvCacheDtype,
    blockSize: options.blockSize,
  });
  const stages = stageLayerRanges(shape.layers.length, pp).map((range) => projectGroups(layout.groups, range));
  const perTokenPerLayer = layout.pageBytes / layout.blockSize;
  const cacheLayersPerGpu = Math.max(0, ...stages.map((groups) => groups.reduce((n, g) => n + g.layers.length, 0)));
  const available = Math.max(0, budget.availableKvBytes);
  const blocks = stages.length ? Math.min(...stages.map((groups) => numBlocks(layout, groups, available))) : 0;
  // Concurrency is the same on every stage once blocks are equalised; the first stage is representative.
  const groups0: KvGroup[] = stages[0] ?? [];
  const hasKv = layout.groups.length > 0;

  if (budget.headroomBytes < CUDA_CONTEXT_BYTES + (budget.cudaGraphSubtracted ? 0 : budget.cudaGraphBytes)) {
    notes.push(
      `only ${fmtGib(budget.headroomBytes)} stays outside --gpu-memory-utilization for the CUDA context${options.enforceEager ? '' : ' and CUDA graphs'}: the engine may run out of memory after loading; lower the utilization${options.enforceEager ? '' : ' or add --enforce-eager'}`,
    );
  }

  const base = {
    weightsGib: gib(weightsPerGpu),
    kvBytesPerToken: perTokenPerLayer * cacheLayersPerGpu,
    kvCacheTokens: hasKv ? loggedKvTokens(layout, blocks) : 0,
    // Rounded as vLLM's "%.2fx" prints it.
    maxConcurrency: hasKv
      ? Number(maxConcurrency(layout, groups0, blocks, maxModelLen, maxNumBatchedTokens).toFixed(2))
      : maxNumSeqs,
    maxModelLen,
    breakdown: {
      totalGib: gib(budget.totalBytes),
      requestedGib: gib(budget.requestedBytes),
      weightsGib: gib(weightsPerGpu),
      activationGib: gib(budget.activationBytes),
      nonTorchGib: gib(budget.nonTorchBytes),
      cudaGraphGib: gib(budget.cudaGraphBytes),
      cudaGraphSubtracted: budget.cudaGraphSubtracted,
      availableKvGib: gib(budget.availableKvBytes),
      numGpuBlocks: blocks,
      blockSize: layout.blockSize,
      tensorParallel: tp,
      pipelineParallel: pp,
      kvHeadsPerGpu: shape.mla ? 1 : kvHeadsPerGpu(shape.numKvHeads, tp),
      maxNumBatchedTokens,
      maxNumSeqs,
      kvCacheGroups: layout.groups.length,
      weightsEstimated,
    },
    notes,
  };
  const noFit = (text: string, suggested: number | null = null): FitEstimate => ({
    ...base,
    fits: false,
    suggestedMaxModelLen: suggested,
    verdict: 'does-not-fit',
    verdictText: text,
  });
  const where = `${tp * pp} × ${options.gpuMemGib} GiB GPU${tp * pp > 1 ? 's' : ''}`;

  if (tp * pp > options.gpus) {
    return noFit(
      `--tensor-parallel-size ${tp} × --pipeline-parallel-size ${pp} needs ${tp * pp} GPUs; only ${options.gpus} selected.`,
    );
  }
  if (shape.numHeads % tp !== 0) {
    return noFit(
      `vLLM requires the attention heads (${shape.numHeads}) to be divisible by --tensor-parallel-size (${tp}): choose a divisor such as ${[1, 2, 4, 8].filter((n) => shape.numHeads % n === 0).join(', ')}.`,
    );
  }
  if (options.maxModelLen !== undefined && options.maxModelLen > shape.derivedMaxModelLen) {
    return noFit(
      `--max-model-len ${fmtInt(options.maxModelLen)} is longer than the model's ${fmtInt(shape.derivedMaxModelLen)} tokens; vLLM refuses it. Use ${fmtInt(shape.derivedMaxModelLen)} or less.`,
      shape.derivedMaxModelLen,
    );
  }
  if (options.gpuFreeGib !== undefined && options.gpuFreeGib * GIB < budget.requestedBytes) {
    const util = Math.floor((options.gpuFreeGib / options.gpuMemGib) * 100 - 1) / 100;
    return noFit(
      `Only ${options.gpuFreeGib.toFixed(2)} GiB of ${options.gpuMemGib} GiB is free, less than --gpu-memory-utilization ${options.gpuMemoryUtilization} asks for (${fmtGib(budget.requestedBytes)}): stop what uses the GPU${util > 0 ? ` or lower the utilization to ${util.toFixed(2)}` : ''}.`,
    );
  }
  if (budget.availableKvBytes <= 0 || (hasKv && blocks === 0)) {
    const tpHint = suggestTensorParallel(shape, options, tp);
    const need = budget.weightsBytes + budget.activationBytes + budget.nonTorchBytes;
    return noFit(
      `Does not fit on ${where}: weights (${fmtGib(weightsPerGpu)} per GPU) plus activations and buffers need about ${fmtGib(need)}, ` +
        `more than the ${fmtGib(budget.requestedBytes)} that --gpu-memory-utilization ${options.gpuMemoryUtilization} allows.` +
        (tpHint
          ? ` With --tensor-parallel-size ${tpHint} on ${tpHint * pp} GPUs it would fit.`
          : ' Use more GPUs or a quantized checkpoint.'),
    );
  }
  if (!hasKv) {
    return {
      ...base,
      fits: true,
      suggestedMaxModelLen: null,
      verdict: 'fits',
      verdictText: `Fits on ${where}: ${fmtGib(weightsPerGpu)} of weights per GPU; this model keeps no KV cache.`,
    };
  }
  const tooLong = stages.some(
    (groups) => bytesForOneRequest(layout, groups, maxModelLen, maxNumBatchedTokens) > available,
  );
  if (tooLong) {
    const suggested = Math.min(
      ...stages.map((groups) => estimateMaxModelLen(layout, groups, available, maxModelLen, maxNumBatchedTokens)),
    );
    if (suggested <= 0) return noFit(`Does not fit on ${where}: no room is left for even one token of KV cache.`);
    return {
      ...base,
      fits: false,
      suggestedMaxModelLen: suggested,
      verdict: 'fits-with-smaller-context',
      verdictText:
        `The weights fit, but one ${fmtInt(maxModelLen)}-token request needs more KV cache than the ${fmtGib(available)} left. ` +
        `Use --max-model-len ${fmtInt(suggested)} or less (vLLM's own estimate), raise --gpu-memory-utilization, or add --kv-cache-dtype fp8.`,
    };
  }
  return {
    ...base,
    fits: true,
    suggestedMaxModelLen: null,
    verdict: 'fits',
    verdictText: `Fits on ${where}: ${fmtInt(base.kvCacheTokens)} tokens of KV cache, about ${base.maxConcurrency.toFixed(2)} requests of ${fmtInt(maxModelLen)} tokens at once.`,
  };
}

/** `switchyard fit --json`: the CONTRACT's keys, plus the verdict sentence. */
export function fitJson(e: FitEstimate): Record<string, unknown> {
  return {
    weights_gib: e.weightsGib,
    kv_bytes_per_token: e.kvBytesPerToken,
    kv_cache_tokens: e.kvCacheTokens,
    max_concurrency: e.maxConcurrency,
    fits: e.fits,
    suggested_max_model_len: e.suggestedMaxModelLen,
    verdict: e.verdictText,
  };
}
