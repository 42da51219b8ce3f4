// The likely token count of a prompt (about 4 bytes a token), made before a request is sent when
// the upstream's tokenizer is not at hand: for routing decisions such as context-window fallback
// and for charging a stream that ends before its usage arrives. Budgets never rest on it: their
// reservations are worst-case.ts's upper bounds. Images count as the vision tokens their pixel
// size makes (dialects/image-tokens.ts), never as the bytes of their base64 text.
import { imagePartTokens } from './dialects/image-tokens';

type Part = { type?: string; text?: string };
type Message = { content?: string | Part[] | null; name?: string; tool_calls?: unknown };

/** Bytes that make as many tokens as `tokens` at the estimate's 4 bytes a token. */
const BYTES_PER_TOKEN = 4;

function partBytes(v: unknown): number {
  if (typeof v === 'object' && v && 'text' in v) return textBytes((v as Part).text);
  const image = imagePartTokens(v);
  return image ? image.likely * BYTES_PER_TOKEN : textBytes(v);
}

function textBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + partBytes(v), 0);
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

export const likelyTokens = (p: PromptSize) => Math.ceil(p.bytes / BYTES_PER_TOKEN) + p.messages * 4;
