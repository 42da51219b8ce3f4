// config.json → ModelShape, and parameter/weight counts from it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './fixtures';
import { ModelConfigError, modelShapeFrom } from './model-shape';
import { countParameters, estimateWeightBytes, GIB } from './weights';

const shape = (name: Parameters<typeof loadConfig>[0]) => modelShapeFrom(loadConfig(name));

describe('modelShapeFrom', () => {
  it('reads a dense GQA model (Llama-3.1-8B)', () => {
    const s = shape('llama-3.1-8b-instruct');
    expect(s.layers).toHaveLength(32);
    expect(new Set(s.layers)).toEqual(new Set(['full']));
    expect([s.numHeads, s.numKvHeads, s.headDim, s.hiddenSize]).toEqual([32, 8, 128, 4096]);
    expect(s.tieWordEmbeddings).toBe(false);
    expect(s.weightFormat).toBe('bf16');
  });

  it('derives max_model_len as vLLM does: llama3 RoPE is not scaled, yarn is original × factor', () => {
    expect(shape('llama-3.1-8b-instruct').derivedMaxModelLen).toBe(131_072);
    expect(shape('qwen3-0.6b').derivedMaxModelLen).toBe(40_960);
    expect(shape('gpt-oss-20b').derivedMaxModelLen).toBe(131_072);
    expect(shape('deepseek-v3').derivedMaxModelLen).toBe(163_840);
    expect(shape('mistral-7b-v0.1').derivedMaxModelLen).toBe(32_768);
    // Gemma 3 carries linear RoPE scaling ×8, which vLLM does not apply again.
    expect(shape('gemma-3-27b-it').derivedMaxModelLen).toBe(131_072);
  });

  it('ignores sliding_window when use_sliding_window is false (Qwen)', () => {
    const s = modelShapeFrom({ ...loadConfig('qwen3-0.6b'), sliding_window: 32_768, use_sliding_window: false });
    expect(s.layers.every((k) => k === 'full')).toBe(true);
    expect(s.slidingWindow).toBeNull();
  });

  it('reads layer_types (gpt-oss alternates sliding and full, starting with sliding)', () => {
    const s = shape('gpt-oss-20b');
    expect(s.layers.slice(0, 4)).toEqual(['sliding', 'full', 'sliding', 'full']);
    expect(s.slidingWindow).toBe(128);
    expect(s.moe).toEqual({
      experts: 32,
      perToken: 4,
      intermediateSize: 2880,
      sharedIntermediateSize: 0,
      denseLayers: 0,
    });
    expect(s.weightFormat).toBe('mxfp4');
    expect(s.quantizedExpertsOnly).toBe(true);
  });

  it('uses the language model of a multimodal config and its sliding_window_pattern (Gemma 3: every 6th layer global)', () => {
    const s = shape('gemma-3-27b-it');
    expect(s.layers).toHaveLength(62);
    expect(s.layers.filter((k) => k === 'full')).toHaveLength(10);
    expect(s.layers[5]).toBe('full');
    expect(s.layers[4]).toBe('sliding');
    expect(s.numKvHeads).toBe(16);
    expect(s.architecture).toBe('Gemma3ForConditionalGeneration');
  });

  it('makes even layers sliding for Gemma 2', () => {
    const s = modelShapeFrom({
      model_type: 'gemma2',
      num_hidden_layers: 4,
      hidden_size: 3584,
      num_attention_heads: 16,
      num_key_value_heads: 8,
      head_dim: 256,
      vocab_size: 256000,
      sliding_window: 4096,
      max_position_embeddings: 8192,
    });
    expect(s.layers).toEqual(['sliding', 'full', 'sliding', 'full']);
  });

  it('reads MLA (DeepSeek-V3) as one latent head of kv_lora_rank + rope dims, fp8 weights, 3 dense layers', () => {
    const s = shape('deepseek-v3');
    expect(s.mla).toEqual({ kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    expect(s.layers.every((k) => k === 'mla')).toBe(true);
    expect(s.weightFormat).toBe('fp8');
    expect(s.moe?.denseLayers).toBe(3);
    expect(s.moe?.sharedIntermediateSize).toBe(2048);
  });

  it('marks encoders (bge-m3) as having no KV cache', () => {
    const s = shape('bge-m3');
    expect(s.encoderOnly).toBe(true);
    expect(s.layers.every((k) => k === 'none')).toBe(true);
  });

  it('notes layers it cannot model (linear attention) instead of pretending', () => {
    const s = modelShapeFrom({
      num_hidden_layers: 4,
      hidden_size: 2048,
      num_attention_heads: 16,
      num_key_value_heads: 2,
      head_dim: 256,
      vocab_size: 151936,
      layer_types: ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'],
    });
    expect(s.layers).toEqual(['none', 'none', 'none', 'full']);
    expect(s.notes.join(' ')).toMatch(/attention layers only/);
  });

  it('names the missing fields of an unusable config', () => {
    expect(() => modelShapeFrom({ hidden_size: 10 })).toThrow(ModelConfigError);
    expect(() => modelShapeFrom({ hidden_size: 10 })).toThrow(/num_hidden_layers, num_attention_heads, vocab_size/);
    expect(() => modelShapeFrom({ num_hidden_layers: 'many' })).toThrow(/num_hidden_layers/);
  });

  it('reads quantization formats', () => {
    const base = loadConfig('qwen3-14b');
    expect(modelShapeFrom({ ...base, quantization_config: { quant_method: 'awq', bits: 4 } }).weightFormat).toBe(
      'int4',
    );
    expect(modelShapeFrom({ ...base, quantization_config: { quant_method: 'gptq', bits: 8 } }).weightFormat).toBe(
      'int8',
    );
    expect(
      modelShapeFrom({
        ...base,
        quantization_config: { quant_method: 'compressed-tensors', config_groups: { g: { weights: { num_bits: 4 } } } },
      }).weightFormat,
    ).toBe('int4');
    expect(modelShapeFrom({ ...base, torch_dtype: 'float16' }).dtype).toBe('fp16');
  });
});

describe('parameter and weight estimates', () => {
  it('Llama-3.1-8B: 8.03 B parameters; 14.96 GiB in bf16, within 0.5 % of the 14.99 GiB vLLM logs (issue #10517)', () => {
    const s = shape('llama-3.1-8b-instruct');
    expect(countParameters(s).total / 1e9).toBeCloseTo(8.03, 2);
    const gib = estimateWeightBytes(s) / GIB;
    expect(Math.abs(gib - 14.9888) / 14.9888).toBeLessThan(0.005);
  });
  it('Qwen3-0.6B: 0.60 B parameters with tied embeddings (0.44 B without them)', () => {
    const p = countParameters(shape('qwen3-0.6b'));
    expect(p.total / 1e9).toBeCloseTo(0.596, 2);
    expect((p.total - p.embedding) / 1e9).toBeCloseTo(0.44, 2);
  });
  it('DeepSeek-V3: 671 B parameters (MLA + 256 routed experts), about 627 GiB in block fp8', () => {
    const s = shape('deepseek-v3');
    expect(countParameters(s).total / 1e9).toBeCloseTo(671, -1);
    expect(estimateWeightBytes(s) / GIB).toBeGreaterThan(620);
    expect(estimateWeightBytes(s) / GIB).toBeLessThan(635);
  });
  it('gpt-oss-20b: about 21 B parameters, experts in MXFP4 so the checkpoint is about 13 GiB', () => {
    const s = shape('gpt-oss-20b');
    expect(countParameters(s).total / 1e9).toBeGreaterThan(20.5);
    expect(countParameters(s).total / 1e9).toBeLessThan(21.5);
    const gib = estimateWeightBytes(s) / GIB;
    expect(gib).toBeGreaterThan(12);
    expect(gib).toBeLessThan(14);
  });
});
