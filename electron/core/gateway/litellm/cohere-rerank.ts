// POST /v2/rerank in Cohere's shape, as LiteLLM serves it: the request (model, query, documents,
// top_n, return_documents) is what vLLM's rerank takes, and the answer comes back as Cohere's
// {id, results: [{index, relevance_score, document?}], meta: {billed_units, tokens}}.
import type { AnswerAdapter, InboundDialect } from '../pipeline/inbound';
import { openAiDialect, safeJson, usageOfAnswer } from '../pipeline/openai-dialect';

const vllmRerank = openAiDialect('rerank');

interface VllmRerankAnswer {
  id?: string;
  results?: Array<{ index: number; relevance_score: number; document?: { text?: string } | null }>;
  usage?: { total_tokens?: number };
}

/** vLLM's rerank answer in Cohere's shape; documents only when the client asked (Cohere's default is true). */
export function toCohereRerank(
  text: string,
  returnDocuments: boolean,
): { body: string; usage: ReturnType<typeof usageOfAnswer> } {
  const parsed = safeJson(text) as VllmRerankAnswer | null;
  const usage = usageOfAnswer(parsed as Record<string, unknown> | null);
  if (!parsed || !Array.isArray(parsed.results)) return { body: text, usage };
  const tokens = parsed.usage?.total_tokens ?? usage.prompt;
  const body = {
    id: parsed.id ?? null,
    results: parsed.results.map((r) => ({
      index: r.index,
      relevance_score: r.relevance_score,
      ...(returnDocuments && r.document ? { document: r.document } : {}),
    })),
    meta: {
      api_version: { version: '2' },
      billed_units: { search_units: 1, total_tokens: tokens },
      tokens: { input_tokens: tokens, output_tokens: 0 },
    },
  };
  return { body: JSON.stringify(body), usage };
}

export const cohereRerankDialect: InboundDialect = {
  route: 'rerank',
  parse(body, rt, principal) {
    const common = vllmRerank.parse(body, rt, principal);
    const returnDocuments = body.return_documents !== false;
    const answer: AnswerAdapter = {
      respond: (text) => toCohereRerank(text, returnDocuments),
      streamLeg: () => null,
    };
    return { ...common, stream: false, answer };
  },
};
