// vLLM's KV-cache arithmetic (V1 engine, vllm/v1/core/kv_cache_utils.py and kv_cache_interface.py),
// reproduced exactly so that, given the bytes left for KV cache on a GPU, we predict the very
// figures vLLM logs: "GPU KV cache size: N tokens", "Maximum concurrency for L tokens per request:
// X.XXx", and the maximum model length it suggests when L does not fit. All sizes are bytes.
//
// Invariants worth knowing:
// - KV heads per GPU are max(1, floor(kv_heads / TP)): with more GPUs than KV heads, heads are
//   replicated, so the per-GPU cache stops shrinking. MLA caches one latent "head", never split.
// - A page is one block (block_size tokens) of one layer: 2 (K and V) × block × heads × head_dim ×
//   dtype bytes; MLA stores only the latent: block × (kv_lora_rank + rope_dim) × dtype bytes.
// - Layers of one kind form KV-cache groups of equal size; every group draws from one shared pool
//   of blocks, and memory = group_size pools × num_blocks pages. Sliding-window layers need only
//   (window − 1 + max_num_batched_tokens) tokens per request, which is how hybrid models (Gemma 3,
//   gpt-oss) fit more concurrent requests than their logged token count suggests.
import type { LayerKind, ModelShape } from './model-shape';

export type KvCacheDtype = 'auto' | 'fp8' | 'fp8_e4m3' | 'fp8_e5m2' | 'bfloat16' | 'float16';

export interface KvLayerSpec {
  kind: Exclude<LayerKind, 'none'>;
  /** Sliding window in tokens, for kind 'sliding'. */
  window: number | null;
}

export interface KvGroup {
  spec: KvLayerSpec;
  /** Indices into the model's decoder layers. */
  layers: number[];
}

export interface KvLayout {
  blockSize: number;
  /** One block of one layer on one GPU. */
  pageBytes: number;
  /** KV bytes one token costs on one GPU across all its cache layers (as if every layer were full attention). */
  bytesPerToken: number;
  groups: KvGroup[];
}

export interface KvLayoutOptions {
  tensorParallel: number;
  kvCacheDtype: KvCacheDtype;
  /** Tokens per block; vLLM's default is 16 (64 for MLA on FlashMLA). */
  blockSize?: number;
}

export const defaultBlockSize = (shape: ModelShape): number => (shape.mla ? 64 : 16);

export function kvDtypeBytes(kvCacheDtype: KvCacheDtype, shape: ModelShape): number {
  if (kvCacheDtype.startsWith('fp8')) return 1;
  if (kvCacheDtype === 'auto') return shape.dtype === 'fp32' ? 4 : 2;
  return 2;
}

export const kvHeadsPerGpu = (kvHeads: number, tp: number): number => Math.max(1, Math.floor(kvHeads / tp));

const cdiv = (a: number, b: number) => Math.ceil(a / b);

/** Groups layers the way vLLM's get_kv_cache_groups does (hybrid KV-cache manager on, its default). */
export function kvGroupsOf(shape: ModelShape): KvGroup[] {
  const specs = shape.layers.map((kind, index) => ({ kind, index })).filter((l) => l.kind !== 'none');
  if (specs.length === 0) return [];
  const byType = new Map<string, { spec: KvLayerSpec; layers: number[] }>();
  for (const { kind, index } of specs) {
    const spec: KvLayerSpec = {
      kind: kind as KvLayerSpec['kind'],
      window: kind === 'sliding' ? shape.slidingWindow : null,
    };
    const key = `${spec.kind}:${spec.window ?? ''}`;
    const entry = byType.get(key) ?? { spec, layers: [] };
    entry.layers.push(index);
    byType.set(key, entry);
  }
  const types = [...byType.values()];
  if (types.length === 1) return [{ spec: types[0].spec, layers: types[0].layers }];
  // _get_kv_cache_groups_uniform_page_size: the smallest type's layer count is the group size,
  // unless the largest is under 1.5× of it, in which case pad up to the largest.
  const counts = types.map((t) => t.layers.length);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  const groupSize = max < min * 1.5 ? max : min;
  const groups: KvGroup[] = [];
  for (const t of types) {
    const numGroups = cdiv(t.layers.length, groupSize);
    for (let i = 0; i < numGroups; i++)
      groups.push({ spec: t.spec, layers: t.layers.filter((_, j) => j % numGroups === i) });
  }
  return groups;
}

export function kvLayoutOf(shape: ModelShape, options: KvLayoutOptions): KvLayout {
  const blockSize = options.blockSize ?? defaultBlockSize(shape);
  const bytes = kvDtypeBytes(options.kvCacheDtype, shape);
  const perTokenPerLayer = shape.mla
    ? (shape.mla.kvLoraRank + shape.mla.qkRopeHeadDim) * bytes
    : 2 * kvHeadsPerGpu(shape.numKvHeads, options.tensorParallel) * shape.headDim * bytes;
  const groups = kvGroupsOf(shape);
  const cacheLayers = groups.reduce((n, g) => n + g.layers.length, 0);
  return { blockSize, pageBytes: perTokenPerLayer * blockSize, bytesPerToken: perTokenPerLayer * cacheLayers, groups };
}

/** The layers each pipeline stage holds: vLLM's get_pp_indices (even split; the remainder goes to the stages before the last). */
export function stageLayerRanges(layerCount: number, pipelineParallel: number): [number, number][] {
  const sizes = Array.from({ length: pipelineParallel }, () => Math.floor(layerCount / pipelineParallel));
  const remaining = layerCount % pipelineParallel;
  for (let i = 2; i < remaining + 2; i++) sizes[pipelineParallel - i] += 1;
  const ranges: [number, number][] = [];
  let start = 0;
  for (const size of sizes) {
    ranges.push([start, start + size]);
    start += size;
  }
  return ranges;
}

/** The groups as one worker sees them: same groups, only its own layers (some may be empty). */
export function projectGroups(groups: KvGroup[], [from, to]: [number, number]): KvGroup[] {
  return groups.map((g) => ({ spec: g.spec, layers: g.layers.filter((i) => i >= from && i < to) }));
}

/** Blocks one request of `modelLen` tokens holds across all groups (per group: full, or its sliding window). */
export function blocksPerRequest(
  groups: KvGroup[],
  modelLen: number,
  blockSize: number,
  maxNumBatchedTokens: number,
): number {
  let blocks = 0;
  for (const g of groups) {
    if (g.spec.kind === 'sliding' && g.spec.window) {
      const tokens = Math.min(g.spec.window - 1 + maxNumBatchedTokens, modelLen);
      // +1: the window need not start at a block boundary.
      blocks += cdiv(tokens, blockSize) + 1;
    } else {
      blocks += cdiv(modelLen, blockSize);
    }
  }
  return blocks;
}

const groupSizeOf = (groups: KvGroup[]) => Math.max(0, ...groups.map((g) => g.layers.length));

/** Bytes a worker needs to hold one request of `modelLen` tokens (vLLM's _max_memory_usage_bytes_from_groups). */
export function bytesForOneRequest(
  layout: KvLayout,
  groups: KvGroup[],
  modelLen: number,
  maxNumBatchedTokens: number,
): number {
  return (
    groupSizeOf(groups) * layout.pageBytes * blocksPerRequest(groups, modelLen, layout.blockSize, maxNumBatchedTokens)
  );
}

/** Blocks that fit in `availableBytes` on a worker: floor(available / page / group_size). */
export function numBlocks(layout: KvLayout, groups: KvGroup[], availableBytes: number): number {
  const size = groupSizeOf(groups);
  if (size === 0) return 0;
  return Math.max(0, Math.floor(Math.floor(availableBytes / layout.pageBytes) / size));
}

/** "GPU KV cache size: N tokens" as vLLM logs it: blocks shared out evenly across groups, whole blocks only. */
export function loggedKvTokens(layout: KvLayout, blocks: number): number {
  if (layout.groups.length === 0) return 0;
  return Math.floor(blocks / layout.groups.length) * layout.blockSize;
}

/** "Maximum concurrency for L tokens per request": blocks in the pool ÷ blocks one request of L needs. */
export function maxConcurrency(
  layout: KvLayout,
  groups: KvGroup[],
  blocks: number,
  modelLen: number,
  maxNumBatchedTokens: number,
): number {
  const per = blocksPerRequest(groups, modelLen, layout.blockSize, maxNumBatchedTokens);
  return per === 0 ? 0 : blocks / per;
}

/** The longest max_model_len whose one request fits in `availableBytes` (vLLM's binary search); 0 if none. */
export function estimateMaxModelLen(
  layout: KvLayout,
  groups: KvGroup[],
  availableBytes: number,
  upTo: number,
  maxNumBatchedTokens: number,
): number {
  const fits = (len: number) => bytesForOneRequest(layout, groups, len, maxNumBatchedTokens) <= availableBytes;
  if (!fits(1)) return 0;
  let left = 1;
  let right = upTo;
  let result = 1;
  while (left <= right) {
    const mid = Math.floor((left + right) / 2);
    if (fits(mid)) {
      result = mid;
      left = mid + 1;
    } else {
      right = mid - 1;
    }
  }
  return result;
}

/** Formats like Python's "%.2f" of a concurrency figure, for putting beside vLLM's own line. */
export const formatConcurrency = (x: number): string => `${x.toFixed(2)}x`;
