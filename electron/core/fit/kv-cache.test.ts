// vLLM's KV arithmetic, checked against figures vLLM itself logged (quoted with their source) and
// against hand computations (named as such).
import { describe, expect, it } from 'vitest';
import { loadConfig } from './fixtures';
import {
  blocksPerRequest,
  bytesForOneRequest,
  estimateMaxModelLen,
  formatConcurrency,
  kvGroupsOf,
  kvHeadsPerGpu,
  kvLayoutOf,
  loggedKvTokens,
  maxConcurrency,
  numBlocks,
  projectGroups,
  stageLayerRanges,
} from './kv-cache';
import { modelShapeFrom, type ModelShape } from './model-shape';
import { GIB } from './weights';

const shape = (name: Parameters<typeof loadConfig>[0]) => modelShapeFrom(loadConfig(name));
const layoutOf = (s: ModelShape, tp = 1, kvCacheDtype: 'auto' | 'fp8' = 'auto') =>
  kvLayoutOf(s, { tensorParallel: tp, kvCacheDtype });

/** A plain full-attention model of the given size, for checks that need no real config. */
function syntheticShape(layers: number, kvHeads: number, headDim: number): ModelShape {
  return {
    ...modelShapeFrom({
      num_hidden_layers: layers,
      hidden_size: 4096,
      num_attention_heads: 32,
      num_key_value_heads: kvHeads,
      head_dim: headDim,
      vocab_size: 1000,
      max_position_embeddings: 262144,
    }),
  };
}

describe('KV heads per GPU', () => {
  it('divides KV heads by tensor parallel size and never goes below one (replication)', () => {
    expect(kvHeadsPerGpu(8, 1)).toBe(8);
    expect(kvHeadsPerGpu(8, 2)).toBe(4);
    expect(kvHeadsPerGpu(8, 8)).toBe(1);
    expect(kvHeadsPerGpu(8, 16)).toBe(1);
    expect(kvHeadsPerGpu(4, 8)).toBe(1);
  });
});

describe('KV bytes per token (hand computation: 2 × layers × kv heads × head dim × bytes)', () => {
  it('Qwen3-0.6B: 2 × 28 × 8 × 128 × 2 = 114,688 bytes', () => {
    expect(layoutOf(shape('qwen3-0.6b')).bytesPerToken).toBe(114_688);
  });
  it('Llama-3.1-8B: 2 × 32 × 8 × 128 × 2 = 131,072 bytes; at TP 2 each GPU holds half', () => {
    expect(layoutOf(shape('llama-3.1-8b-instruct')).bytesPerToken).toBe(131_072);
    expect(layoutOf(shape('llama-3.1-8b-instruct'), 2).bytesPerToken).toBe(65_536);
  });
  it('Llama-3.1-70B: 2 × 80 × 8 × 128 × 2 = 327,680 bytes; TP 16 cannot go below one KV head per GPU', () => {
    expect(layoutOf(shape('llama-3.1-70b-instruct')).bytesPerToken).toBe(327_680);
    expect(layoutOf(shape('llama-3.1-70b-instruct'), 8).bytesPerToken).toBe(40_960);
    expect(layoutOf(shape('llama-3.1-70b-instruct'), 16).bytesPerToken).toBe(40_960);
  });
  it('fp8 KV cache halves it: Qwen3-14B 163,840 → 81,920 bytes', () => {
    expect(layoutOf(shape('qwen3-14b')).bytesPerToken).toBe(163_840);
    expect(layoutOf(shape('qwen3-14b'), 1, 'fp8').bytesPerToken).toBe(81_920);
  });
  it('Gemma 3 27B: 2 × 62 × 16 × 128 × 2 = 507,904 bytes (all layers, as if full attention)', () => {
    expect(layoutOf(shape('gemma-3-27b-it')).bytesPerToken).toBe(507_904);
  });
  it('DeepSeek-V3 (MLA): one latent of 512 + 64 per layer, not split by TP: 61 × 576 × 2 = 70,272 bytes', () => {
    expect(layoutOf(shape('deepseek-v3')).bytesPerToken).toBe(70_272);
    expect(layoutOf(shape('deepseek-v3'), 8).bytesPerToken).toBe(70_272);
    expect(layoutOf(shape('deepseek-v3')).blockSize).toBe(64);
  });
  it('an encoder (bge-m3) keeps no KV cache', () => {
    const layout = layoutOf(shape('bge-m3'));
    expect(layout.groups).toEqual([]);
    expect(layout.bytesPerToken).toBe(0);
  });
});

describe('vLLM log cross-checks', () => {
  it('Qwen3-14B, 1 GPU (LMCache issue #1739 log): 6.51 GiB → "GPU KV cache size: 42,656 tokens", 1.30x at 32,768', () => {
    const s = shape('qwen3-14b');
    const layout = layoutOf(s);
    const blocks = numBlocks(layout, layout.groups, 6.51 * GIB);
    expect(loggedKvTokens(layout, blocks)).toBe(42_656);
    expect(formatConcurrency(maxConcurrency(layout, layout.groups, blocks, 32_768, 2048))).toBe('1.30x');
  });

  it('Llama-3.1-8B on an RTX 3090 (vLLM issue #10517, V0 log): 1952 blocks → 1.56x at 20,000; 1478 blocks → 23,648 tokens, 0.82x at 29,000', () => {
    const layout = layoutOf(shape('llama-3.1-8b-instruct'));
    // "kv_cache_size=3.81GiB … GPU blocks: 1952": 1952 blocks of 16 tokens × 131,072 bytes are 3.8125 GiB.
    expect(numBlocks(layout, layout.groups, 3.8125 * GIB)).toBe(1952);
    expect(formatConcurrency(maxConcurrency(layout, layout.groups, 1952, 20_000, 2048))).toBe('1.56x');
    expect(loggedKvTokens(layout, 1478)).toBe(23_648);
    expect(formatConcurrency(maxConcurrency(layout, layout.groups, 1478, 29_000, 2048))).toBe('0.82x');
  });

  it('fp8 KV, 48 layers × 4 KV heads × 128 (vLLM issue #25350 log): 230,528 tokens, 2.31x at 100,000; 221,000 needs 10.12 GiB; suggests 122,080 from 5.59 GiB', () => {
    const s = syntheticShape(48, 4, 128);
    const layout = layoutOf(s, 1, 'fp8');
    expect(layout.bytesPerToken).toBe(49_152);
    // The pool vLLM printed as "10.55 GiB" held 14,408 blocks (10.553 GiB); 10.55 exactly would hold 14,404.
    const blocks = numBlocks(layout, layout.groups, 10.553 * GIB);
    expect(loggedKvTokens(layout, blocks)).toBe(230_528);
    expect(formatConcurrency(maxConcurrency(layout, layout.groups, blocks, 100_000, 2048))).toBe('2.31x');
    expect((bytesForOneRequest(layout, layout.groups, 221_000, 2048) / GIB).toFixed(2)).toBe('10.12');
    // "5.59 GiB" with vLLM's answer 122,080 pins the pool between 5.5884 and 5.5891 GiB.
    expect(estimateMaxModelLen(layout, layout.groups, 5.5885 * GIB, 221_000, 2048)).toBe(122_080);
  });
});

describe('hybrid attention (sliding window + full)', () => {
  it('groups gpt-oss-20b as 12 sliding + 12 full layers: two groups of 12', () => {
    const groups = kvGroupsOf(shape('gpt-oss-20b'));
    expect(groups.map((g) => [g.spec.kind, g.layers.length])).toEqual([
      ['sliding', 12],
      ['full', 12],
    ]);
    expect(groups[0].spec.window).toBe(128);
  });

  it('groups Gemma 3 27B (52 sliding, 10 full) into 10-layer groups, the last sliding one padded', () => {
    const groups = kvGroupsOf(shape('gemma-3-27b-it'));
    expect(groups.length).toBe(7);
    expect(groups.filter((g) => g.spec.kind === 'full').map((g) => g.layers.length)).toEqual([10]);
    expect(groups.filter((g) => g.spec.kind === 'sliding').map((g) => g.layers.length)).toEqual([9, 9, 9, 9, 8, 8]);
    // Layers are dealt round-robin (layers[i::n]), as vLLM does for pipeline stages.
    expect(groups[0].layers.slice(0, 2)).toEqual([0, 7]);
  });

  it('pads to the larger count when the two kinds are within 1.5× (12 sliding + 13 full → 2 groups of 13)', () => {
    const s = { ...shape('gpt-oss-20b') };
    s.layers = [...s.layers, 'full'];
    const groups = kvGroupsOf(s);
    expect(groups.length).toBe(2);
    expect(Math.max(...groups.map((g) => g.layers.length))).toBe(13);
  });

  it('a sliding layer needs only window − 1 + max_num_batched_tokens tokens (+1 block) per request (hand computation)', () => {
    const groups = kvGroupsOf(shape('gpt-oss-20b'));
    // full: cdiv(131072, 16) = 8192; sliding: cdiv(min(127 + 8192, 131072), 16) + 1 = 521
    expect(blocksPerRequest(groups, 131_072, 16, 8192)).toBe(8192 + 521);
    // A short context needs no more than itself: cdiv(1000,16)=63 full, 63+1 sliding.
    expect(blocksPerRequest(groups, 1000, 16, 8192)).toBe(63 + 64);
  });

  it('logs a conservative token count (blocks ÷ groups) yet fits more requests (hand computation)', () => {
    const layout = layoutOf(shape('gpt-oss-20b'));
    expect(layout.pageBytes).toBe(16 * 2 * 8 * 64 * 2);
    const blocks = numBlocks(layout, layout.groups, 10 * GIB);
    expect(blocks).toBe(Math.floor((10 * GIB) / 32_768 / 12));
    expect(loggedKvTokens(layout, blocks)).toBe(Math.floor(blocks / 2) * 16);
    const concurrency = maxConcurrency(layout, layout.groups, blocks, 131_072, 8192);
    expect(concurrency).toBeCloseTo(blocks / 8713, 10);
    expect(concurrency * 131_072).toBeGreaterThan(loggedKvTokens(layout, blocks));
  });

  it('an all-sliding model (Mistral 7B v0.1) is one group whose requests are capped by the window', () => {
    const s = shape('mistral-7b-v0.1');
    const groups = kvGroupsOf(s);
    expect(groups.length).toBe(1);
    expect(groups[0].spec).toEqual({ kind: 'sliding', window: 4096 });
    expect(blocksPerRequest(groups, 32_768, 16, 2048)).toBe(Math.ceil((4095 + 2048) / 16) + 1);
  });
});

describe('pipeline parallel', () => {
  it('splits layers like vLLM get_pp_indices: remainder to the stages before the last', () => {
    expect(stageLayerRanges(32, 2)).toEqual([
      [0, 16],
      [16, 32],
    ]);
    expect(stageLayerRanges(61, 2)).toEqual([
      [0, 31],
      [31, 61],
    ]);
    expect(stageLayerRanges(62, 4)).toEqual([
      [0, 15],
      [15, 31],
      [31, 47],
      [47, 62],
    ]);
  });
  it('each stage holds its layers only, so twice the blocks fit per stage', () => {
    const layout = layoutOf(shape('llama-3.1-8b-instruct'));
    const stage = projectGroups(layout.groups, [0, 16]);
    expect(numBlocks(layout, stage, 8 * GIB)).toBe(2 * numBlocks(layout, layout.groups, 8 * GIB));
  });
});

describe('suggested max model length', () => {
  it('is the largest whole-block length that fits (hand computation, Llama-3.1-8B, 1 GiB pool)', () => {
    const layout = layoutOf(shape('llama-3.1-8b-instruct'));
    // A page is 16 tokens × 2 × 8 heads × 128 × 2 bytes = 64 KiB; 1 GiB / (32 layers × 64 KiB) = 512 blocks = 8,192 tokens.
    expect(layout.pageBytes).toBe(65_536);
    expect(estimateMaxModelLen(layout, layout.groups, GIB, 131_072, 2048)).toBe(8192);
    expect(estimateMaxModelLen(layout, layout.groups, GIB - 1, 131_072, 2048)).toBe(8176);
    expect(estimateMaxModelLen(layout, layout.groups, 100, 131_072, 2048)).toBe(0);
  });
  it('never exceeds the requested length', () => {
    const layout = layoutOf(shape('qwen3-0.6b'));
    expect(estimateMaxModelLen(layout, layout.groups, 60 * GIB, 40_960, 2048)).toBe(40_960);
  });
});
