// Reads a Hugging Face `config.json` into the shape the fit estimate needs: layer count and the
// kind of each layer (full attention, sliding window, MLA, or no KV cache), KV heads and head
// size, MLP and MoE sizes, the checkpoint dtype and quantization, and the context length vLLM
// derives. Multimodal configs keep the language model under `text_config`; that part is used.
import { z } from 'zod';

const int = z.number().int().nonnegative();

/** The fields of config.json this module reads; everything else passes through untouched. */
export const HfConfig = z.looseObject({
  architectures: z.array(z.string()).optional(),
  model_type: z.string().optional(),
  num_hidden_layers: int.optional(),
  n_layer: int.optional(),
  num_layers: int.optional(),
  hidden_size: int.optional(),
  d_model: int.optional(),
  n_embd: int.optional(),
  num_attention_heads: int.optional(),
  n_head: int.optional(),
  num_key_value_heads: int.nullable().optional(),
  multi_query: z.boolean().optional(),
  head_dim: int.nullable().optional(),
  intermediate_size: int.nullable().optional(),
  vocab_size: int.optional(),
  max_position_embeddings: int.optional(),
  n_positions: int.optional(),
  max_seq_len: int.optional(),
  seq_length: int.optional(),
  rope_scaling: z
    .looseObject({
      rope_type: z.string().optional(),
      type: z.string().optional(),
      factor: z.number().optional(),
      original_max_position_embeddings: int.optional(),
    })
    .nullable()
    .optional(),
  torch_dtype: z.string().optional(),
  dtype: z.string().optional(),
  tie_word_embeddings: z.boolean().optional(),
  sliding_window: int.nullable().optional(),
  use_sliding_window: z.boolean().optional(),
  sliding_window_pattern: int.nullable().optional(),
  layer_types: z.array(z.string()).optional(),
  kv_lora_rank: int.nullable().optional(),
  q_lora_rank: int.nullable().optional(),
  qk_rope_head_dim: int.optional(),
  qk_nope_head_dim: int.optional(),
  v_head_dim: int.optional(),
  num_experts: int.nullable().optional(),
  num_local_experts: int.optional(),
  n_routed_experts: int.nullable().optional(),
  num_experts_per_tok: int.nullable().optional(),
  experts_per_token: int.optional(),
  moe_intermediate_size: int.optional(),
  n_shared_experts: int.nullable().optional(),
  shared_expert_intermediate_size: int.optional(),
  first_k_dense_replace: int.optional(),
  quantization_config: z
    .looseObject({
      quant_method: z.string().optional(),
      bits: int.optional(),
      weight_bits: int.optional(),
    })
    .nullable()
    .optional(),
  text_config: z.record(z.string(), z.unknown()).optional(),
});
export type HfConfig = z.infer<typeof HfConfig>;

/** How one decoder layer keeps KV cache. `none`: no paged KV (linear attention, Mamba, encoders). */
export type LayerKind = 'full' | 'sliding' | 'mla' | 'none';

export type WeightFormat = 'bf16' | 'fp16' | 'fp32' | 'fp8' | 'int8' | 'int4' | 'mxfp4' | 'nvfp4';

export interface ModelShape {
  architecture: string | null;
  modelType: string | null;
  /** Decoder layers, in order. */
  layers: LayerKind[];
  hiddenSize: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  /** Tokens a sliding-window layer attends to. */
  slidingWindow: number | null;
  /** Multi-head latent attention (DeepSeek V2/V3, Kimi K2): one latent "head" cached per token per layer. */
  mla: {
    kvLoraRank: number;
    qLoraRank: number | null;
    qkNopeHeadDim: number;
    qkRopeHeadDim: number;
    vHeadDim: number;
  } | null;
  intermediateSize: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  moe: {
    experts: number;
    perToken: number;
    intermediateSize: number;
    sharedIntermediateSize: number;
    denseLayers: number;
  } | null;
  /** The checkpoint's own dtype, as the activations will run (fp32 checkpoints load as bf16). */
  dtype: 'bf16' | 'fp16' | 'fp32';
  /** How the linear layers are stored. */
  weightFormat: WeightFormat;
  /** MXFP4 (gpt-oss) quantizes only the MoE experts. */
  quantizedExpertsOnly: boolean;
  /** What vLLM uses as max_model_len when none is given. */
  derivedMaxModelLen: number;
  /** An encoder (BERT-like embedding or reranking model): it has no KV cache at all. */
  encoderOnly: boolean;
  /** Things the estimate could not model exactly, said plainly. */
  notes: string[];
}

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

const first = <T>(...values: (T | null | undefined)[]): T | undefined =>
  values.find((v) => v !== undefined && v !== null) ?? undefined;

function weightFormatOf(
  cfg: HfConfig,
  dtype: ModelShape['dtype'],
): { format: WeightFormat; expertsOnly: boolean; note?: string } {
  const q = cfg.quantization_config;
  if (!q?.quant_method) return { format: dtype, expertsOnly: false };
  const method = q.quant_method.toLowerCase();
  const bits = q.bits ?? q.weight_bits;
  if (method === 'mxfp4') return { format: 'mxfp4', expertsOnly: true };
  if (method === 'fp8' || method === 'fbgemm_fp8') return { format: 'fp8', expertsOnly: false };
  if (method === 'modelopt_fp4' || method === 'nvfp4') return { format: 'nvfp4', expertsOnly: false };
  if (['awq', 'gptq', 'gptq_marlin', 'awq_marlin', 'bitsandbytes', 'auto-round', 'autoround'].includes(method)) {
    return bits === 8 ? { format: 'int8', expertsOnly: false } : { format: 'int4', expertsOnly: false };
  }
  if (method === 'compressed-tensors') {
    const text = JSON.stringify(q);
    if (/"num_bits":\s*4/.test(text)) return { format: 'int4', expertsOnly: false };
    if (/"type":\s*"float"/.test(text)) return { format: 'fp8', expertsOnly: false };
    return { format: 'int8', expertsOnly: false };
  }
  return {
    format: dtype,
    expertsOnly: false,
    note: `unknown quantization "${q.quant_method}": weights sized as ${dtype}`,
  };
}

function dtypeOf(cfg: HfConfig): ModelShape['dtype'] {
  const raw = (cfg.torch_dtype ?? cfg.dtype ?? 'bfloat16').toLowerCase();
  if (raw.includes('float16') && !raw.includes('b')) return 'fp16';
  // vLLM's dtype "auto" runs fp32 checkpoints in half precision; weights are loaded at 2 bytes.
  return 'bf16';
}

/** vLLM's _get_and_verify_max_len: the smallest length key, scaled by RoPE scaling except llama3/longrope/su. */
function derivedMaxLen(cfg: HfConfig): number {
  const keys = [cfg.max_position_embeddings, cfg.n_positions, cfg.max_seq_len, cfg.seq_length].filter(
    (v): v is number => typeof v === 'number',
  );
  let len = keys.length ? Math.min(...keys) : 2048;
  // RoBERTa-style encoders reserve two positions for padding; their sentence-transformers config,
  // which vLLM reads as the limit, says 512 / 8192 for 514 / 8194 position embeddings.
  if (cfg.model_type === 'xlm-roberta' || cfg.model_type === 'roberta') len -= 2;
  const rs = cfg.rope_scaling;
  const type = rs?.rope_type ?? rs?.type;
  // Gemma 3's 128k is already the scaled length (vLLM skips scaling any "gemma3" model type).
  if (
    rs &&
    type &&
    !['su', 'longrope', 'llama3', 'default', 'mrope'].includes(type) &&
    rs.factor &&
    !cfg.model_type?.includes('gemma3')
  ) {
    len =
      type === 'yarn' && rs.original_max_position_embeddings
        ? rs.original_max_position_embeddings * rs.factor
        : len * rs.factor;
  }
  return Math.floor(len);
}

function layerKinds(cfg: HfConfig, count: number, mla: boolean, notes: string[]): LayerKind[] {
  if (mla) return Array.from({ length: count }, () => 'mla');
  if (cfg.layer_types?.length) {
    const kinds = cfg.layer_types.slice(0, count).map((t): LayerKind => {
      if (t === 'full_attention' || t === 'attention') return 'full';
      if (t === 'sliding_attention') return 'sliding';
      if (t === 'chunked_attention') {
        notes.push('chunked local attention is counted as full attention (an upper bound on KV use)');
        return 'full';
      }
      return 'none';
    });
    if (kinds.includes('none'))
      notes.push(
        'linear-attention/Mamba layers keep a fixed per-sequence state that is not counted here; KV figures cover the attention layers only',
      );
    return kinds;
  }
  const window = cfg.sliding_window;
  if (cfg.model_type === 'gemma2' && window) {
    // Gemma 2 alternates: even layers slide, odd layers attend globally.
    return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 'sliding' : 'full'));
  }
  if (cfg.sliding_window_pattern && window) {
    const p = cfg.sliding_window_pattern;
    return Array.from({ length: count }, (_, i) => ((i + 1) % p === 0 ? 'full' : 'sliding'));
  }
  if (window && cfg.use_sliding_window !== false) return Array.from({ length: count }, () => 'sliding');
  return Array.from({ length: count }, () => 'full');
}

const ENCODER_TYPES = new Set([
  'bert',
  'xlm-roberta',
  'roberta',
  'modernbert',
  'nomic_bert',
  'distilbert',
  'deberta-v2',
  'electra',
]);

/** Parses config.json (already JSON-decoded) into a ModelShape. Throws ModelConfigError naming what is missing. */
export function modelShapeFrom(raw: unknown): ModelShape {
  const outer = HfConfig.safeParse(raw);
  if (!outer.success) {
    const issue = outer.error.issues[0];
    throw new ModelConfigError(`config.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  let cfg = outer.data;
  if (cfg.text_config && first(cfg.num_hidden_layers, cfg.n_layer, cfg.num_layers) === undefined) {
    const inner = HfConfig.safeParse({
      ...cfg.text_config,
      quantization_config: cfg.quantization_config ?? cfg.text_config.quantization_config,
    });
    if (!inner.success)
      throw new ModelConfigError(
        `config.json: text_config.${inner.error.issues[0].path.join('.')}: ${inner.error.issues[0].message}`,
      );
    cfg = {
      ...inner.data,
      architectures: cfg.architectures,
      torch_dtype: inner.data.torch_dtype ?? cfg.torch_dtype,
      model_type: inner.data.model_type ?? cfg.model_type,
    };
    // Multimodal wrappers name the language model "gemma3_text" etc.; the text model decides the layers.
  }
  const notes: string[] = [];
  const layerCount = first(cfg.num_hidden_layers, cfg.n_layer, cfg.num_layers);
  const hidden = first(cfg.hidden_size, cfg.d_model, cfg.n_embd);
  const heads = first(cfg.num_attention_heads, cfg.n_head);
  const missing = [
    layerCount === undefined && 'num_hidden_layers',
    hidden === undefined && 'hidden_size',
    heads === undefined && 'num_attention_heads',
    cfg.vocab_size === undefined && 'vocab_size',
  ].filter(Boolean);
  if (missing.length)
    throw new ModelConfigError(`config.json lacks ${missing.join(', ')}: cannot estimate the fit of this model`);
  const numHeads = heads!;
  const kvHeads = first(cfg.num_key_value_heads, cfg.multi_query ? 1 : undefined, numHeads)!;
  const headDim = first(cfg.head_dim, Math.floor(hidden! / numHeads))!;
  const mla = Boolean(cfg.kv_lora_rank);
  const dtype = dtypeOf(cfg);
  const wf = weightFormatOf(cfg, dtype);
  if (wf.note) notes.push(wf.note);
  const experts = first(cfg.num_experts, cfg.num_local_experts, cfg.n_routed_experts) ?? 0;
  const perToken = first(cfg.num_experts_per_tok, cfg.experts_per_token) ?? 0;
  const moeInter = first(cfg.moe_intermediate_size, cfg.intermediate_size) ?? 0;
  const shared = cfg.shared_expert_intermediate_size ?? (cfg.n_shared_experts ? cfg.n_shared_experts * moeInter : 0);
  const archName = cfg.architectures?.[0] ?? null;
  const encoderOnly =
    ENCODER_TYPES.has(cfg.model_type ?? '') ||
    Boolean(archName && /^(Bert|XLMRoberta|Roberta|ModernBert|NomicBert)/.test(archName));
  const layers = encoderOnly
    ? Array.from({ length: layerCount! }, (): LayerKind => 'none')
    : layerKinds(cfg, layerCount!, mla, notes);
  return {
    architecture: archName,
    modelType: cfg.model_type ?? null,
    layers,
    hiddenSize: hidden!,
    numHeads,
    numKvHeads: mla ? 1 : kvHeads,
    headDim,
    slidingWindow: layers.includes('sliding') ? (cfg.sliding_window ?? null) : null,
    mla: mla
      ? {
          kvLoraRank: cfg.kv_lora_rank!,
          qLoraRank: cfg.q_lora_rank ?? null,
          qkNopeHeadDim: cfg.qk_nope_head_dim ?? 0,
          qkRopeHeadDim: cfg.qk_rope_head_dim ?? 0,
          vHeadDim: cfg.v_head_dim ?? headDim,
        }
      : null,
    intermediateSize: cfg.intermediate_size ?? 4 * hidden!,
    vocabSize: cfg.vocab_size!,
    // transformers' default is tied; configs that untie say so.
    tieWordEmbeddings: cfg.tie_word_embeddings ?? true,
    moe:
      experts > 1 && perToken > 0
        ? {
            experts,
            perToken,
            intermediateSize: moeInter,
            sharedIntermediateSize: shared,
            denseLayers: cfg.first_k_dense_replace ?? 0,
          }
        : null,
    dtype,
    weightFormat: wf.format,
    quantizedExpertsOnly: wf.expertsOnly,
    derivedMaxModelLen: derivedMaxLen(cfg),
    encoderOnly,
    notes,
  };
}
