// What vLLM takes out of `gpu_memory_utilization × total` before the KV cache gets the rest
// (vllm/v1/worker/gpu_worker.py determine_available_memory):
//   available_kv = requested − weights − torch peak increase (activations of the profile run with
//                  max_num_batched_tokens) − non-torch increase (NCCL, cuBLAS workspaces…)
//                  − CUDA graph estimate, only when VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1
// (by default graphs are captured after the KV cache is allocated, out of the 1 − utilization
// headroom). vLLM measures the middle terms; here they are modelled, so they are approximations:
// the activation model is within 10 % of peaks vLLM logged for Llama-3.1-8B (see the tests).
import type { ModelShape } from './model-shape';
import { GIB } from './weights';

/** Non-torch memory vLLM 0.6 logged for Llama-3.1-8B at TP 1 (0.35 GiB); TP adds NCCL and all-reduce buffers. */
export const NON_TORCH_TP1_BYTES = 0.35 * GIB;
export const NON_TORCH_TP_EXTRA_BYTES = 0.5 * GIB;
/** A typical "Graph capturing finished … took N GiB" for the default capture sizes (0.3–1 GiB is common). */
export const CUDA_GRAPH_BYTES = 0.5 * GIB;
/** The CUDA context itself, outside vLLM's accounting; it must fit in the headroom. */
export const CUDA_CONTEXT_BYTES = 0.5 * GIB;

/**
 * vLLM's serve defaults (EngineArgs._set_default_args): GPUs of 70 GiB or more other than A100
 * get max_num_batched_tokens 8192 and max_num_seqs 1024; the rest 2048 and 256.
 */
export function schedulerDefaults(
  gpuMemGib: number,
  gpuName?: string,
): { maxNumBatchedTokens: number; maxNumSeqs: number } {
  const big = gpuMemGib >= 70 && !/a100/i.test(gpuName ?? '');
  return big ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
}

/**
 * Peak activation of the profile run on one GPU: the larger of the forward pass over
 * max_num_batched_tokens tokens (residual + hidden + the MLP's gate/up output and activation,
 * split by TP) and the sampler's dummy run (fp32 logits and probabilities for max_num_seqs rows).
 */
export function activationBytes(s: ModelShape, maxNumBatchedTokens: number, maxNumSeqs: number, tp: number): number {
  const act = 2; // bf16/fp16 activations
  const h = s.hiddenSize;
  let perToken: number;
  if (s.moe) {
    // Fused MoE keeps, per routed copy of a token: gate/up (2i), activation (i), down output (h).
    perToken =
      2 * h + s.moe.perToken * ((3 * s.moe.intermediateSize) / tp + h) + (3 * s.moe.sharedIntermediateSize) / tp;
  } else {
    perToken = 2 * h + (3 * s.intermediateSize) / tp;
  }
  const qkv = ((s.numHeads + 2 * s.numKvHeads) * s.headDim) / tp + 2 * h;
  const forward = maxNumBatchedTokens * Math.max(perToken, qkv) * act;
  const sampler = s.encoderOnly ? 0 : Math.min(maxNumSeqs, maxNumBatchedTokens) * s.vocabSize * 4 * 2;
  return Math.max(forward, sampler);
}

export const nonTorchBytes = (tp: number, pp: number): number =>
  NON_TORCH_TP1_BYTES + (tp * pp > 1 ? NON_TORCH_TP_EXTRA_BYTES : 0);

export interface MemoryBudget {
  totalBytes: number;
  requestedBytes: number;
  weightsBytes: number;
  activationBytes: number;
  nonTorchBytes: number;
  cudaGraphBytes: number;
  cudaGraphSubtracted: boolean;
  /** May be negative: then nothing is left for the KV cache. */
  availableKvBytes: number;
  /** What stays outside vLLM's reservation, for the CUDA context and (by default) the graphs. */
  headroomBytes: number;
}

export interface BudgetInput {
  gpuMemGib: number;
  gpuMemoryUtilization: number;
  weightsPerGpuBytes: number;
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
  tensorParallel: number;
  pipelineParallel: number;
  enforceEager: boolean;
  estimateCudaGraphs: boolean;
}

export function memoryBudget(s: ModelShape, input: BudgetInput): MemoryBudget {
  const totalBytes = input.gpuMemGib * GIB;
  const requestedBytes = input.gpuMemoryUtilization * totalBytes;
  const activation = activationBytes(s, input.maxNumBatchedTokens, input.maxNumSeqs, input.tensorParallel);
  const nonTorch = nonTorchBytes(input.tensorParallel, input.pipelineParallel);
  const graphs = input.enforceEager ? 0 : CUDA_GRAPH_BYTES;
  const subtracted = input.estimateCudaGraphs && graphs > 0;
  return {
    totalBytes,
    requestedBytes,
    weightsBytes: input.weightsPerGpuBytes,
    activationBytes: activation,
    nonTorchBytes: nonTorch,
    cudaGraphBytes: graphs,
    cudaGraphSubtracted: subtracted,
    availableKvBytes: requestedBytes - input.weightsPerGpuBytes - activation - nonTorch - (subtracted ? graphs : 0),
    headroomBytes: totalBytes - requestedBytes,
  };
}
