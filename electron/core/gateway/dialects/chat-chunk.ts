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
/** Each field's text up to its string's first character. */
const OPENINGS = TOKEN_FIELDS.map((f) => `${f}":"`);

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
    for (let f = 0; f < OPENINGS.length; f++) {
      const opening = OPENINGS[f];
      if (data.slice(at, at + opening.length) === opening) {
        field = TOKEN_FIELDS[f];
        at += opening.length;
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
  const usual = usualCounts(text, from, to);
  if (usual) return usual;
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

const PROMPT = '{"prompt_tokens":';
const COMPLETION = ',"completion_tokens":';
const TOTAL = ',"total_tokens":';

/** A whole non-negative JSON number of at most 15 digits from `at`: [value, end], or null. */
function wholeNumber(text: string, at: number, to: number): [number, number] | null {
  let k = at;
  while (k < to && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  if (k === at || k - at > 15 || (text.charCodeAt(at) === 48 && k - at > 1)) return null;
  return [Number(text.slice(at, k)), k];
}

/**
 * The two forms a usage takes in vLLM's streams, prompt/completion/total (its chunks) or
 * prompt/total/completion (its UsageInfo order), made as literals (in the text's key order):
 * quicker than the general reading, which adds keys one by one. Null for any other text.
 */
function usualCounts(text: string, from: number, to: number): ChatUsage | null {
  if (text.slice(from, from + PROMPT.length) !== PROMPT) return null;
  const prompt = wholeNumber(text, from + PROMPT.length, to);
  if (!prompt) return null;
  const second = text.slice(prompt[1], prompt[1] + COMPLETION.length) === COMPLETION ? COMPLETION : TOTAL;
  if (text.slice(prompt[1], prompt[1] + second.length) !== second) return null;
  const b = wholeNumber(text, prompt[1] + second.length, to);
  if (!b) return null;
  const third = second === COMPLETION ? TOTAL : COMPLETION;
  if (text.slice(b[1], b[1] + third.length) !== third) return null;
  const c = wholeNumber(text, b[1] + third.length, to);
  if (!c || c[1] !== to - 1 || text.charCodeAt(to - 1) !== 125) return null;
  return second === COMPLETION
    ? { prompt_tokens: prompt[0], completion_tokens: b[0], total_tokens: c[0] }
    : ({ prompt_tokens: prompt[0], total_tokens: b[0], completion_tokens: c[0] } as ChatUsage);
}
