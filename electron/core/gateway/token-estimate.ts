// Token estimates made before a request is sent, when the upstream's tokenizer is not at hand.
// `upperBound` is for budgets: byte-level BPE never makes more tokens than UTF-8 bytes, plus the
// chat template's few special tokens per message, so a reservation built on it cannot fall short.
// `likely` (about 4 bytes a token) is for routing decisions such as context-window fallback.

const PER_MESSAGE_TEMPLATE_TOKENS = 8;
const PER_REQUEST_TEMPLATE_TOKENS = 16;

type Part = { type?: string; text?: string };
type Message = { content?: string | Part[] | null; name?: string; tool_calls?: unknown };

function textBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value))
    return value.reduce(
      (n: number, v) => n + textBytes(typeof v === 'object' && v && 'text' in v ? (v as Part).text : v),
      0,
    );
  if (value && typeof value === 'object') return Buffer.byteLength(JSON.stringify(value));
  return 0;
}

export interface PromptSize {
  bytes: number;
  messages: number;
}

export function promptSize(body: Record<string, unknown>): PromptSize {
  if (Array.isArray(body.messages)) {
    const messages = body.messages as Message[];
    const bytes = messages.reduce(
      (n, m) => n + textBytes(m?.content) + textBytes(m?.name) + textBytes(m?.tool_calls),
      0,
    );
    return { bytes: bytes + textBytes(body.tools), messages: messages.length };
  }
  return { bytes: textBytes(body.prompt ?? body.input ?? body.query) + textBytes(body.documents), messages: 1 };
}

export const upperBoundTokens = (p: PromptSize) =>
  p.bytes + p.messages * PER_MESSAGE_TEMPLATE_TOKENS + PER_REQUEST_TEMPLATE_TOKENS;
export const likelyTokens = (p: PromptSize) => Math.ceil(p.bytes / 4) + p.messages * 4;

/** The output tokens the client allows (max_tokens or max_completion_tokens), or null. */
export function requestedMaxTokens(body: Record<string, unknown>): number | null {
  const n = body.max_completion_tokens ?? body.max_tokens;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : null;
}
