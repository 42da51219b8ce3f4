// Reads the chat.completion.chunk events of one target stream for the dialect translators. Most
// of a stream is one token per event, written by vLLM (and servers copying it) as the same text
// but for the token: `{"id":…,"object":"chat.completion.chunk","created":…,"model":…,
// "choices":[{"index":0,"delta":{"content":"<token>"},"logprobs":null,"finish_reason":null}]}`,
// with `,"usage":{…}` before the last brace when continuous usage is on. Such an event is read
// by comparing it with the text of the stream's first chunk and cutting out the token, which
// costs a fraction of JSON.parse (the largest part of what a translated stream cost over chat's
// relay). Any other event, or one that differs anywhere, goes through JSON.parse; either way the
// result is what JSON.parse makes of the text, and a text JSON.parse refuses throws as it does.
import type { ChatChunkBody, ChatUsage } from './chat-types';

/** The text after a one-token delta's string, up to the usage or the end. */
const TOKEN_TAIL = '},"logprobs":null,"finish_reason":null}]';
const USAGE_KEY = ',"usage":';
/** The delta fields a one-token event may carry (vLLM's reasoning is in either of the last two). */
const TOKEN_FIELDS = ['content', 'reasoning_content', 'reasoning'] as const;
type TokenField = (typeof TOKEN_FIELDS)[number];

export class ChatChunkReader {
  /** The text every one-token event of this stream starts with, up to the delta's field name. */
  private head: string | null = null;
  private id = '';
  private created = 0;
  private model = '';

  /** The event's data as JSON.parse reads it (and throwing where JSON.parse throws). */
  read(data: string): ChatChunkBody {
    const head = this.head;
    if (head !== null && data.length > head.length && data.slice(0, head.length) === head) {
      const fast = this.token(data, head.length);
      if (fast) return fast;
    }
    const chunk = JSON.parse(data) as ChatChunkBody;
    if (head === null) this.learn(chunk);
    return chunk;
  }

  /** The head of this stream's one-token events, from its first chunk that has id, created and model. */
  private learn(chunk: ChatChunkBody): void {
    if (typeof chunk?.id !== 'string' || typeof chunk.model !== 'string') return;
    if (typeof chunk.created !== 'number' || !Number.isSafeInteger(chunk.created) || chunk.created < 0) return;
    this.id = chunk.id;
    this.created = chunk.created;
    this.model = chunk.model;
    this.head = `{"id":${JSON.stringify(chunk.id)},"object":"chat.completion.chunk","created":${chunk.created},"model":${JSON.stringify(chunk.model)},"choices":[{"index":0,"delta":{"`;
  }

  /** A one-token event read from `at` (just past the head), or null where the text is anything else. */
  private token(data: string, at: number): ChatChunkBody | null {
    let field: TokenField | null = null;
    for (const f of TOKEN_FIELDS) {
      const opening = f.length + 3; // `<field>":"`
      if (data.slice(at, at + opening) === `${f}":"`) {
        field = f;
        at += opening;
        break;
      }
    }
    if (field === null) return null;
    // The token's JSON string: ends at the first quote not escaped; control characters are not JSON.
    let end = at;
    let escaped = false;
    for (; end < data.length; end++) {
      const c = data.charCodeAt(end);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        end++;
      } else if (c < 0x20) return null;
    }
    if (end >= data.length) return null;
    let text = data.slice(at, end);
    if (escaped) {
      try {
        text = JSON.parse(`"${text}"`) as string;
      } catch {
        return null;
      }
    }
    const tail = end + 1;
    if (data.slice(tail, tail + TOKEN_TAIL.length) !== TOKEN_TAIL) return null;
    const rest = tail + TOKEN_TAIL.length;
    let usage: ChatUsage | null | undefined;
    if (rest !== data.length - 1) {
      if (data.slice(rest, rest + USAGE_KEY.length) !== USAGE_KEY) return null;
      usage = flatCounts(data, rest + USAGE_KEY.length, data.length - 1);
      if (usage === undefined) return null;
    }
    if (data.charCodeAt(data.length - 1) !== 125) return null;
    // Every field JSON.parse would make, in the text's order (`object` and `logprobs` too).
    const delta: Record<string, string> = {};
    delta[field] = text;
    const choice = { index: 0, delta, logprobs: null, finish_reason: null };
    const chunk: ChatChunkBody & { object: string } = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [choice],
    };
    if (usage !== undefined) chunk.usage = usage;
    return chunk;
  }
}

/**
 * `{"name":123,…}` (lower-case names, whole non-negative numbers: vLLM's usage with continuous
 * stats) between `from` and `to` as JSON.parse reads it; null for `null`; undefined for anything else.
 */
function flatCounts(text: string, from: number, to: number): ChatUsage | null | undefined {
  if (to - from === 4 && text.slice(from, to) === 'null') return null;
  if (text.charCodeAt(from) !== 123 || text.charCodeAt(to - 1) !== 125) return undefined;
  const out: Record<string, number> = {};
  let i = from + 1;
  if (i === to - 1) return out as unknown as ChatUsage;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return undefined;
    let j = i + 1;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === 95 || (c >= 97 && c <= 122)) j++;
      else break;
    }
    if (j === i + 1 || text.charCodeAt(j) !== 34 || text.charCodeAt(j + 1) !== 58) return undefined;
    const name = text.slice(i + 1, j);
    // JSON.parse makes an own property of it; an assignment here would set the prototype.
    if (name === '__proto__') return undefined;
    let k = j + 2;
    const digits = k;
    while (k < to && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
    // A JSON number has no leading zero (but 0 itself) and fits exactly in a double here.
    if (k === digits || k - digits > 15 || (text.charCodeAt(digits) === 48 && k - digits > 1)) return undefined;
    out[name] = Number(text.slice(digits, k));
    if (k === to - 1) return out as unknown as ChatUsage;
    if (text.charCodeAt(k) !== 44) return undefined;
    i = k + 1;
  }
}
