// Weight size from config.json when the checkpoint's own size is not known: parameters counted
// per tensor family (embeddings, attention, dense MLP, MoE experts), times the bytes each family is
// stored in. An estimate — the checkpoint's safetensors total, when known, should be passed instead.
// For Llama-3.1-8B it gives 8.03 B parameters, 14.96 GiB in bf16; vLLM logs 14.99 GiB.
import type { ModelShape, WeightFormat } from './model-shape';

export const GIB = 1024 ** 3;

/** Bytes per parameter including block scales: int4 group-128 scales+zeros, MXFP4 one e8m0 per 32, NVFP4 one fp8 per 16. */
export const BYTES_PER_PARAM: Record<WeightFormat, number> = {
  fp32: 2, // vLLM's dtype "auto" runs fp32 checkpoints in 16-bit.
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5 + 4 / 128,
  mxfp4: 0.5 + 1 / 32,
  nvfp4: 0.5 + 1 / 16,
};

export interface ParameterCount {
  embedding: number;
  attention: number;
  denseMlp: number;
  experts: number;
  total: number;
}

function attentionParams(s: ModelShape): number {
  const h = s.hiddenSize;
  if (s.mla) {
    const qHead = s.mla.qkNopeHeadDim + s.mla.qkRopeHeadDim;
    const q = s.mla.qLoraRank ? h * s.mla.qLoraRank + s.mla.qLoraRank * s.numHeads * qHead : h * s.numHeads * qHead;
    const kvA = h * (s.mla.kvLoraRank + s.mla.qkRopeHeadDim);
    const kvB = s.mla.kvLoraRank * s.numHeads * (s.mla.qkNopeHeadDim + s.mla.vHeadDim);
    const o = s.numHeads * s.mla.vHeadDim * h;
    return q + kvA + kvB + o;
  }
  const q = h * s.numHeads * s.headDim;
  const kv = 2 * h * s.numKvHeads * s.headDim;
  return q + kv + s.numHeads * s.headDim * h;
}

export function countParameters(s: ModelShape): ParameterCount {
  const h = s.hiddenSize;
  const layers = s.layers.length;
  const embedding = s.vocabSize * h * (s.tieWordEmbeddings ? 1 : 2);
  const attention = attentionParams(s) * layers;
  // Decoders use a gated MLP (gate, up, down); encoders a plain one (up, down).
  const mlpMatrices = s.encoderOnly ? 2 : 3;
  let denseMlp = 0;
  let experts = 0;
  if (s.moe) {
    const moeLayers = layers - s.moe.denseLayers;
    denseMlp =
      s.moe.denseLayers * mlpMatrices * h * s.intermediateSize +
      moeLayers * (3 * h * s.moe.sharedIntermediateSize + h * s.moe.experts);
    experts = moeLayers * s.moe.experts * 3 * h * s.moe.intermediateSize;
  } else {
    denseMlp = layers * mlpMatrices * h * s.intermediateSize;
  }
  return { embedding, attention, denseMlp, experts, total: embedding + attention + denseMlp + experts };
}

/** Estimated bytes of the whole checkpoint as vLLM loads it. Embeddings and LM head stay 16-bit. */
export function estimateWeightBytes(s: ModelShape): number {
  const p = countParameters(s);
  const half = BYTES_PER_PARAM.bf16;
  const q = BYTES_PER_PARAM[s.weightFormat];
  const linear = s.quantizedExpertsOnly
    ? (p.attention + p.denseMlp) * half + p.experts * q
    : (p.attention + p.denseMlp + p.experts) * q;
  return p.embedding * half + linear;
}
