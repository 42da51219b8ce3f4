// Bounds on the counts in a request body that multiply an engine's work or the gateway's memory:
// choices (n, best_of), logprobs, stop lists, tools, messages, prompt and input arrays,
// logit_bias. One chat request with n=9007199254740993 once ran the whole process out of memory.
// Checked once, right after the body is parsed and before anything is reserved or sent: a value of
// the wrong type or out of bounds is a 400 naming the field and the limit. The limits follow vLLM's
// and OpenAI's own where they have one; absent and null both mean "not given", as in vLLM.
import { GatewayError } from './http-io';

type Route = 'chat/completions' | 'completions' | 'embeddings' | 'rerank' | 'score';
type Body = Record<string, unknown>;

export const REQUEST_BOUNDS = {
  /** Choices per prompt: OpenAI's own maximum. */
  n: 128,
  /** Candidates per prompt (vLLM also wants best_of ≥ n). */
  bestOf: 128,
  /** Sequences one request may start, prompts × max(n, best_of): vLLM's largest default max_num_seqs. */
  sequences: 1024,
  /** vLLM's default --max-logprobs (OpenAI allows 20 top_logprobs too). */
  logprobs: 20,
  stopSequences: 64,
  /** Characters in one stop sequence. */
  stopChars: 1024,
  /** stop_token_ids, bad_words and allowed_token_ids entries. */
  tokenLists: 4096,
  /** OpenAI's maximum number of tools (and of legacy functions). */
  tools: 128,
  messages: 10_000,
  /** Content parts of one message. */
  contentParts: 1_000,
  /** Entries of a prompt or input array: OpenAI's limit for completions and embeddings. */
  prompts: 2048,
  /** Documents of one rerank request. */
  documents: 1_000,
  logitBias: 1024,
  /** |bias| of one logit_bias entry, as OpenAI and vLLM clamp it. */
  logitBiasValue: 100,
  /** max_tokens and friends: vLLM's int32 fields. */
  tokens: 2 ** 31 - 1,
} as const;

export interface BoundsViolation {
  param: string;
  code: 'invalid_type' | 'out_of_range';
  message: string;
}

const shown = (v: unknown) => {
  const text = Array.isArray(v) ? 'an array' : (JSON.stringify(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
const given = (v: unknown) => v !== undefined && v !== null;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isTokenIds = (v: unknown): v is number[] => Array.isArray(v) && v.every((t) => isInt(t) && t >= 0);

class Checker {
  problem: BoundsViolation | null = null;
  constructor(readonly body: Body) {}

  /** Keeps the first problem found; returns the value a failed check yields. */
  fail<T>(param: string, code: BoundsViolation['code'], message: string, yields: T): T {
    this.problem ??= { param, code, message };
    return yields;
  }

  /** An integer field within [min, max]; returns its value, or null when absent or bad. */
  int(field: string, min: number, max: number): number | null {
    const v = this.body[field];
    if (!given(v)) return null;
    if (!isInt(v)) return this.fail(field, 'invalid_type', `"${field}" must be an integer; got ${shown(v)}.`, null);
    if (v < min || v > max)
      return this.fail(field, 'out_of_range', `"${field}" must be from ${min} to ${max}; got ${shown(v)}.`, null);
    return v;
  }

  bool(field: string): void {
    const v = this.body[field];
    if (given(v) && typeof v !== 'boolean') this.fail(field, 'invalid_type', `"${field}" must be true or false.`, 0);
  }

  /** An array field of at most `max` entries, each passing `item`; returns its length (0 when absent). */
  list(field: string, max: number, what: string, item: (v: unknown) => boolean = () => true): number {
    const v = this.body[field];
    if (!given(v)) return 0;
    if (!Array.isArray(v)) return this.fail(field, 'invalid_type', `"${field}" must be an array of ${what}.`, 0);
    if (v.length > max)
      return this.fail(field, 'out_of_range', `"${field}" may hold at most ${max} ${what}; got ${v.length}.`, 0);
    const bad = v.findIndex((x) => !item(x));
    if (bad >= 0)
      return this.fail(
        `${field}[${bad}]`,
        'invalid_type',
        `"${field}[${bad}]" is not valid: "${field}" holds ${what}.`,
        0,
      );
    return v.length;
  }

  stop(): void {
    const v = this.body.stop;
    if (!given(v) || typeof v === 'string') {
      if (typeof v === 'string' && v.length > REQUEST_BOUNDS.stopChars) this.tooLongStop('stop');
      return;
    }
    this.list('stop', REQUEST_BOUNDS.stopSequences, 'stop strings', (s) => typeof s === 'string');
    if (Array.isArray(v)) {
      const long = v.findIndex((s) => typeof s === 'string' && s.length > REQUEST_BOUNDS.stopChars);
      if (long >= 0) this.tooLongStop(`stop[${long}]`);
    }
  }

  private tooLongStop(param: string): void {
    this.fail(param, 'out_of_range', `A stop sequence may be at most ${REQUEST_BOUNDS.stopChars} characters long.`, 0);
  }

  logitBias(): void {
    const v = this.body.logit_bias;
    if (!given(v)) return;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.fail('logit_bias', 'invalid_type', '"logit_bias" must be an object of token id → bias.', 0);
      return;
    }
    const entries = Object.entries(v as Body);
    if (entries.length > REQUEST_BOUNDS.logitBias) {
      this.fail('logit_bias', 'out_of_range', `"logit_bias" may hold at most ${REQUEST_BOUNDS.logitBias} entries.`, 0);
      return;
    }
    const max = REQUEST_BOUNDS.logitBiasValue;
    for (const [token, bias] of entries) {
      if (!/^\d{1,10}$/.test(token) || typeof bias !== 'number' || !(bias >= -max && bias <= max)) {
        this.fail('logit_bias', 'invalid_type', `"logit_bias" maps token ids to numbers from -${max} to ${max}.`, 0);
        return;
      }
    }
  }

  /** prompt / input: a string, strings, token ids or lists of token ids; returns how many prompts. */
  prompts(field: 'prompt' | 'input'): number {
    const v = this.body[field];
    if (!given(v) || typeof v === 'string') return 1;
    const what = 'strings, token ids or lists of token ids';
    if (!Array.isArray(v)) return this.fail(field, 'invalid_type', `"${field}" must be a string or an array.`, 1);
    if (isTokenIds(v)) return 1;
    const stringsOrLists = (x: unknown) => typeof x === 'string' || isTokenIds(x);
    return this.list(field, REQUEST_BOUNDS.prompts, what, stringsOrLists) || 1;
  }

  messages(): void {
    const isMessage = (m: unknown) =>
      !!m &&
      typeof m === 'object' &&
      !Array.isArray(m) &&
      typeof (m as Body).role === 'string' &&
      contentIsValid((m as Body).content);
    if (!this.list('messages', REQUEST_BOUNDS.messages, 'messages ({role, content})', isMessage)) return;
    const messages = this.body.messages as Body[];
    const long = messages.findIndex((m) => Array.isArray(m.content) && m.content.length > REQUEST_BOUNDS.contentParts);
    if (long >= 0)
      this.fail(
        `messages[${long}].content`,
        'out_of_range',
        `A message may hold at most ${REQUEST_BOUNDS.contentParts} content parts.`,
        0,
      );
  }
}

/** Content of a chat message: absent, null, a string or an array of part objects. */
const contentIsValid = (c: unknown) =>
  !given(c) || typeof c === 'string' || (Array.isArray(c) && c.every((p) => !!p && typeof p === 'object'));

const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

/** The first bound the body breaks, or null. Pure. */
export function requestBoundsViolation(route: Route, body: Body): BoundsViolation | null {
  const c = new Checker(body);
  const B = REQUEST_BOUNDS;
  if (route === 'chat/completions' || route === 'completions') {
    const n = c.int('n', 1, B.n) ?? 1;
    const bestOf = c.int('best_of', 1, B.bestOf);
    if (bestOf !== null && bestOf < n)
      c.fail('best_of', 'out_of_range', `"best_of" (${bestOf}) must be at least "n" (${n}).`, 0);
    for (const field of ['max_tokens', 'max_completion_tokens', 'min_tokens']) c.int(field, 0, B.tokens);
    c.int('prompt_logprobs', 0, B.logprobs);
    c.int('seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    c.stop();
    c.list('stop_token_ids', B.tokenLists, 'token ids', (t) => isInt(t) && t >= 0);
    c.list('allowed_token_ids', B.tokenLists, 'token ids', (t) => isInt(t) && t >= 0);
    c.list('bad_words', B.tokenLists, 'strings', (s) => typeof s === 'string');
    c.logitBias();
    let prompts = 1;
    if (route === 'chat/completions') {
      c.messages();
      c.bool('logprobs');
      c.int('top_logprobs', 0, B.logprobs);
      c.list('tools', B.tools, 'tools (objects)', isObject);
      c.list('functions', B.tools, 'functions (objects)', isObject);
    } else {
      c.int('logprobs', 0, B.logprobs);
      prompts = c.prompts('prompt');
    }
    const field = bestOf !== null && bestOf > n ? 'best_of' : 'n';
    const sequences = prompts * Math.max(n, bestOf ?? 0);
    if (sequences > B.sequences)
      c.fail(
        field,
        'out_of_range',
        `This request would start ${sequences} sequences (${prompts} prompts × ${field} ${Math.max(n, bestOf ?? 0)}); one request may start at most ${B.sequences}.`,
        0,
      );
  } else if (route === 'embeddings') {
    c.prompts('input');
  } else if (route === 'rerank') {
    c.list('documents', B.documents, 'documents');
    c.int('top_n', 0, B.documents);
  } else {
    // vLLM's /score pairs text_1 with text_2, each a string or a list of them.
    for (const field of ['text_1', 'text_2'])
      if (Array.isArray(body[field])) c.list(field, B.documents, 'strings', (t) => typeof t === 'string');
  }
  return c.problem;
}

/** Throws the 400 for the first bound the body breaks. */
export function assertWithinRequestBounds(route: Route, body: Body): void {
  const problem = requestBoundsViolation(route, body);
  if (problem) throw new GatewayError(400, 'invalid_request_error', problem.message, problem.code, problem.param);
}
