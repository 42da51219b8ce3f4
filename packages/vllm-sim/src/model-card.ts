// What the simulator pretends to know about a model from its id alone (no config.json here):
// the architecture vLLM would resolve, its size for the "Model loading took … GiB" line, the KV
// bytes per token for the "Available KV cache memory" line, and whether it is an embedding model.

export interface ModelCard {
  architecture: string;
  /** Parameters, billions. */
  paramsB: number;
  /** Weights in bf16, GiB. */
  weightsGiB: number;
  /** KV cache bytes per token (K and V, all layers, bf16). */
  kvBytesPerToken: number;
  pooling: boolean;
  embeddingDim: number;
}

const EMBEDDING_NAME = /embed|bge-|(^|[/-])e5-|gte-|minilm|mpnet|sentence-transformers|nomic|arctic-embed|jina/i;

const ARCHITECTURES: [RegExp, string][] = [
  [/qwen3/i, 'Qwen3ForCausalLM'],
  [/qwen/i, 'Qwen2ForCausalLM'],
  [/llama/i, 'LlamaForCausalLM'],
  [/mixtral/i, 'MixtralForCausalLM'],
  [/mistral/i, 'MistralForCausalLM'],
  [/gemma-?3/i, 'Gemma3ForCausalLM'],
  [/gemma/i, 'Gemma2ForCausalLM'],
  [/phi/i, 'Phi3ForCausalLM'],
  [/deepseek/i, 'DeepseekV3ForCausalLM'],
  [/gpt-oss/i, 'GptOssForCausalLM'],
  [/opt-/i, 'OPTForCausalLM'],
];

/** "Qwen3-0.6B" → 0.6, "Mixtral-8x7B" → 56, "bge-small" → 0.03. */
function parseParams(model: string): number | null {
  const moe = /(\d+)x(\d+(?:\.\d+)?)b\b/i.exec(model);
  if (moe) return Number(moe[1]) * Number(moe[2]);
  const plain = /(\d+(?:\.\d+)?)([bm])\b/i.exec(model);
  if (plain) return Number(plain[1]) / (plain[2].toLowerCase() === 'm' ? 1000 : 1);
  return null;
}

function layersFor(paramsB: number): number {
  if (paramsB <= 2) return 28;
  if (paramsB <= 9) return 32;
  if (paramsB <= 15) return 40;
  if (paramsB <= 35) return 64;
  return 80;
}

export function describeModel(model: string): ModelCard {
  const pooling = EMBEDDING_NAME.test(model);
  if (pooling) {
    const dim = /small|minilm/i.test(model) ? 384 : /base|nomic|mpnet/i.test(model) ? 768 : 1024;
    const paramsB = parseParams(model) ?? (dim === 384 ? 0.033 : dim === 768 ? 0.11 : 0.33);
    const layers = dim === 384 ? 12 : dim === 768 ? 12 : 24;
    return {
      architecture: /bge-m3|xlm|multilingual/i.test(model) ? 'XLMRobertaModel' : 'BertModel',
      paramsB,
      weightsGiB: (paramsB * 1e9 * 2) / 2 ** 30,
      kvBytesPerToken: 2 * 2 * layers * dim,
      pooling,
      embeddingDim: dim,
    };
  }
  const paramsB = parseParams(model) ?? 7;
  const architecture = ARCHITECTURES.find(([re]) => re.test(model))?.[1] ?? 'LlamaForCausalLM';
  return {
    architecture,
    paramsB,
    weightsGiB: (paramsB * 1e9 * 2) / 2 ** 30,
    // Grouped-query attention: 8 KV heads of 128 dims per layer.
    kvBytesPerToken: 2 * 2 * layersFor(paramsB) * 8 * 128,
    pooling,
    embeddingDim: 1024,
  };
}
