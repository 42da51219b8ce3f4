// A routing target for unit tests of routing and load tracking: an OpenAI-compatible endpoint
// with no prices, limits or context length unless `extra` gives them.
import type { Target } from '../../electron/core/gateway/routing/table';

export const testTarget = (name: string, extra: Partial<Target> = {}): Target => ({
  key: `endpoint:${name}`,
  kind: 'endpoint',
  name,
  provider: 'openai-compatible',
  baseUrl: `http://127.0.0.1:1/${name}`,
  upstreamModel: name,
  apiKey: null,
  weight: 1,
  order: 0,
  maxModelLen: null,
  inputCostPerToken: 0,
  outputCostPerToken: 0,
  timeoutMs: null,
  unavailable: null,
  wakeable: false,
  ...extra,
});
