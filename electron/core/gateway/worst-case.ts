// The most a request can cost and the most tokens it can use, computed before it is sent from
// exactly what the engine will do with it: every choice (n, or best_of when larger) of every
// prompt (prompt arrays, token-id prompts, rerank pairs), the largest output cap the route
// honours, and, where the client set none, the target's remaining context. Budget and tokens-
// per-minute reservations are built on it, so it must never fall short of the real usage.
//
// Token bounds of text: byte-level BPE (and SentencePiece with byte fallback) never makes more
// tokens than UTF-8 bytes, so a string's bytes bound its tokens; a chat template adds a few
// special tokens per message and per request, and renders structured values (tools, tool calls)
// as JSON, which with Python's separators and \u escapes is at most three times JSON.stringify's
// bytes. An image whose size its header gives is bounded by its vision patches
// (dialects/image-tokens.ts); what neither can bound (a remote image, audio, a request-level chat
// template, prompt embeds) is bounded by the target's context alone: the engine refuses any longer.
import { imagePartTokens } from './dialects/image-tokens';
import type { Target } from './routing/table';

export type WorstCaseRoute = 'chat/completions' | 'completions' | 'embeddings' | 'rerank' | 'score';

/** Tokens one prompt (one sequence's input) may have; `max` may be Infinity. */
export interface PromptBound {
  min: number;
  max: number;
}

export interface RequestShape {
  route: WorstCaseRoute;
  prompts: PromptBound[];
  /** Sequences generated per prompt (n, or best_of when larger); 0 on pooling routes. */
  choices: number;
  /** The output cap the engine honours on this route (chat: the larger of the two fields), or null. */
  maxTokens: number | null;
  /** /v1/completions: max_completion_tokens, which vLLM ignores there but another server may honour. */
  otherCap: number | null;
  /** /v1/completions with no `max_tokens` at all: vLLM and OpenAI then generate at most 16. */
  completionDefault: boolean;
  /** Why some prompt cannot be bounded from its text (shown when the target's context is unknown too). */
  unboundedPrompt: string | null;
}

/** What vLLM's and OpenAI's /v1/completions generate when `max_tokens` is absent. */
export const COMPLETIONS_DEFAULT_MAX_TOKENS = 16;
/** What the Anthropic translation sends as `max_tokens` when the client sent none (it is required there). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

const REQUEST_TEMPLATE_TOKENS = 64;
const MESSAGE_TEMPLATE_TOKENS = 16;
const TOOLS_TEMPLATE_TOKENS = 512;
/** BOS/EOS and similar a tokenizer adds around one input. */
const INPUT_SPECIAL_TOKENS = 4;
/** Separator and special tokens a cross-encoder puts around one (query, document) pair. */
const PAIR_TEMPLATE_TOKENS = 8;
const JSON_RENDER_FACTOR = 3;

const bytes = (s: string) => Buffer.byteLength(s);
const jsonBytes = (v: unknown) => (v === undefined || v === null ? 0 : bytes(JSON.stringify(v) ?? ''));

function countOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(1, Math.ceil(v)) : null;
}

const textPrompt = (text: string, extraBytes = 0): PromptBound => ({
  min: 0,
  max: bytes(text) + extraBytes + INPUT_SPECIAL_TOKENS,
});
const idsPrompt = (ids: unknown[]): PromptBound => ({ min: ids.length, max: ids.length });

/** The four prompt shapes of OpenAI's completions and embeddings: string, strings, ids, lists of ids. */
function inputPrompts(raw: unknown, suffixBytes = 0): PromptBound[] {
  if (typeof raw === 'string') return [textPrompt(raw, suffixBytes)];
  if (!Array.isArray(raw) || raw.length === 0) return [{ min: 0, max: INPUT_SPECIAL_TOKENS + suffixBytes }];
  if (raw.every((p) => typeof p === 'number')) return [idsPrompt(raw)];
  return raw.map((p) =>
    typeof p === 'string'
      ? textPrompt(p, suffixBytes)
      : Array.isArray(p)
        ? idsPrompt(p)
        : { min: 0, max: jsonBytes(p) * JSON_RENDER_FACTOR + INPUT_SPECIAL_TOKENS },
  );
}

type Part = { type?: unknown; text?: unknown };

/** Upper bound of a chat prompt's tokens, or why there is none. */
function chatPromptMax(body: Record<string, unknown>): { max: number; unbounded: string | null } {
  if (typeof body.chat_template === 'string' && body.chat_template)
    return { max: Infinity, unbounded: 'a request-level "chat_template"' };
  let max = REQUEST_TEMPLATE_TOKENS;
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  for (const raw of messages) {
    const m = (raw && typeof raw === 'object' ? raw : { content: raw }) as Record<string, unknown>;
    // The role is written as text; anything else beside the content (name, tool calls) as JSON.
    const { content, role, ...rest } = m;
    max += MESSAGE_TEMPLATE_TOKENS + bytes(typeof role === 'string' ? role : JSON.stringify(role ?? ''));
    if (Object.keys(rest).length > 0) max += jsonBytes(rest) * JSON_RENDER_FACTOR;
    if (typeof content === 'string') max += bytes(content);
    else if (Array.isArray(content)) {
      for (const part of content as Part[]) {
        const type = typeof part === 'object' && part ? part.type : undefined;
        if (typeof part === 'string') max += bytes(part);
        else if ((type === 'text' || type === 'input_text' || type === undefined) && typeof part?.text === 'string')
          max += bytes(part.text) + 2;
        else if (typeof type === 'string' && type !== 'text' && type !== 'input_text') {
          // An image whose header gives its size is bounded by its patches; any other part (a
          // remote image, audio, video) only by the target's context.
          const image = imagePartTokens(part);
          if (image?.width == null) return { max: Infinity, unbounded: `a "${type}" content part` };
          max += image.upperBound;
        } else max += jsonBytes(part) * JSON_RENDER_FACTOR;
      }
    } else max += jsonBytes(content) * JSON_RENDER_FACTOR;
  }
  for (const field of ['tools', 'functions'] as const) {
    const tools = body[field];
    if (Array.isArray(tools) && tools.length > 0) max += TOOLS_TEMPLATE_TOKENS + jsonBytes(tools) * JSON_RENDER_FACTOR;
  }
  max += jsonBytes(body.documents) * JSON_RENDER_FACTOR;
  return { max, unbounded: null };
}

/** The largest of the given numeric fields, or null when none is a number. */
function largest(body: Record<string, unknown>, fields: string[]): number | null {
  const given = fields.map((f) => countOf(body[f])).filter((n): n is number => n != null);
  return given.length ? Math.max(...given) : null;
}

/**
 * The fewest prompt tokens the request's prompts hold together. A stream's running cost counts
 * these until the upstream's usage says otherwise: an estimate above them (the likely count adds
 * template tokens a short or token-id prompt does not have) could pass the reservation on the
 * last tokens of an answer within it, and cut the answer before its usage arrived.
 */
export const promptFloor = (shape: RequestShape): number => shape.prompts.reduce((n, p) => n + p.min, 0);

/** Reads what bounds a request's usage from its body (the body is otherwise the engine's to validate). */
export function requestShape(route: WorstCaseRoute, body: Record<string, unknown>): RequestShape {
  const choices = Math.max(countOf(body.n) ?? 1, countOf(body.best_of) ?? 1);
  switch (route) {
    case 'chat/completions': {
      const { max, unbounded } = chatPromptMax(body);
      return {
        route,
        prompts: [{ min: 0, max }],
        choices,
        maxTokens: largest(body, ['max_tokens', 'max_completion_tokens']),
        otherCap: null,
        completionDefault: false,
        unboundedPrompt: unbounded,
      };
    }
    case 'completions': {
      const embeds = body.prompt_embeds != null;
      const suffix = typeof body.suffix === 'string' ? bytes(body.suffix) + INPUT_SPECIAL_TOKENS : 0;
      const prompts = embeds ? [{ min: 0, max: Infinity }] : inputPrompts(body.prompt, suffix);
      return {
        route,
        prompts,
        choices,
        // The engine obeys max_tokens here (absent: its default; null: the remaining context).
        maxTokens: largest(body, ['max_tokens']),
        otherCap: largest(body, ['max_completion_tokens']),
        completionDefault: body.max_tokens === undefined,
        unboundedPrompt: embeds ? '"prompt_embeds"' : null,
      };
    }
    case 'embeddings':
      return {
        route,
        prompts: inputPrompts(body.input),
        choices: 0,
        maxTokens: null,
        otherCap: null,
        completionDefault: false,
        unboundedPrompt: null,
      };
    case 'rerank':
    case 'score': {
      // A cross-encoder reads the query once per document, so each pair is one prompt.
      const left = inputPrompts(route === 'rerank' ? body.query : (body.text_1 ?? body.queries));
      const rawRight = route === 'rerank' ? body.documents : (body.text_2 ?? body.documents ?? body.items);
      const right = Array.isArray(rawRight)
        ? rawRight.map((d) =>
            typeof d === 'string'
              ? textPrompt(d)
              : typeof (d as Part)?.text === 'string'
                ? textPrompt((d as { text: string }).text)
                : Array.isArray(d) && d.every((x) => typeof x === 'number')
                  ? idsPrompt(d)
                  : { min: 0, max: jsonBytes(d) * JSON_RENDER_FACTOR + INPUT_SPECIAL_TOKENS },
          )
        : inputPrompts(rawRight);
      const leftMax = Math.max(...left.map((p) => p.max));
      const pairs = (right.length ? right : [{ min: 0, max: 0 }]).map((r) => ({
        min: 0,
        max: leftMax + r.max + PAIR_TEMPLATE_TOKENS,
      }));
      // A bi-encoder embeds every text once instead; when there are more queries than pairs, count them too.
      const extra = left.length > pairs.length ? left.slice(pairs.length) : [];
      return {
        route,
        prompts: [...pairs, ...extra],
        choices: 0,
        maxTokens: null,
        otherCap: null,
        completionDefault: false,
        unboundedPrompt: null,
      };
    }
  }
}

export type WorstCaseTarget = Pick<
  Target,
  'name' | 'kind' | 'provider' | 'maxModelLen' | 'inputCostPerToken' | 'outputCostPerToken'
>;

export interface WorstCase {
  /** USD; Infinity when it cannot be bounded on a priced target. */
  usd: number;
  /** Prompt plus output tokens; Infinity when unbounded. */
  tokens: number;
  /** Set when `usd` is Infinity: why, and what the client or the operator can do. */
  unbounded: { reason: string; fix: string; param: string | null } | null;
}

const priced = (tokens: number, price: number) => (price === 0 ? 0 : tokens * price);

/** Servers that follow OpenAI's completions default of 16 tokens when `max_tokens` is absent. */
const followsCompletionsDefault = (t: WorstCaseTarget) =>
  t.kind === 'deployment' || t.provider === 'hosted_vllm' || t.provider === 'openai';

/** The output cap per choice that `t` applies when the client set none, or null for "the remaining context". */
function engineDefaultCap(shape: RequestShape, t: WorstCaseTarget): number | null {
  let cap = shape.maxTokens;
  if (cap == null && shape.route === 'completions' && shape.completionDefault && followsCompletionsDefault(t))
    cap = COMPLETIONS_DEFAULT_MAX_TOKENS;
  if (cap == null && shape.route === 'chat/completions' && t.provider === 'anthropic')
    cap = ANTHROPIC_DEFAULT_MAX_TOKENS;
  // Where the route's own cap leaves the output to the remaining context, no other field can lower it.
  return cap == null ? null : Math.max(cap, shape.otherCap ?? 0);
}

export function worstCase(shape: RequestShape, t: WorstCaseTarget): WorstCase {
  const generates = shape.choices > 0;
  const cap = generates ? engineDefaultCap(shape, t) : 0;
  const context = t.maxModelLen;
  let usd = 0;
  let tokens = 0;
  for (const prompt of shape.prompts) {
    // Any prompt the engine accepts fits its context: a longer one is refused and costs nothing.
    const hi = context == null ? prompt.max : Math.min(prompt.max, context);
    const lo = Math.min(prompt.min, hi);
    const output = (p: number) => {
      if (!generates) return 0;
      const remaining = context == null ? Infinity : Math.max(0, context - p);
      return Math.min(cap ?? Infinity, remaining);
    };
    // Cost and tokens are linear in the prompt length between the bounds and the point where the
    // cap meets the remaining context, so their maxima are at one of these three.
    const candidates = [lo, hi];
    if (cap != null && context != null) candidates.push(Math.min(hi, Math.max(lo, context - cap)));
    let bestUsd = 0;
    let bestTokens = 0;
    for (const p of candidates) {
      const out = shape.choices * output(p);
      bestUsd = Math.max(bestUsd, priced(p, t.inputCostPerToken) + priced(out, t.outputCostPerToken));
      bestTokens = Math.max(bestTokens, p + (generates ? out : 0));
    }
    usd += bestUsd;
    tokens += bestTokens;
  }
  // Summed per prompt, the figure can differ in its last bits from the cost summed over all tokens.
  if (Number.isFinite(usd)) return { usd: usd * (1 + 1e-9), tokens, unbounded: null };
  const where = `${t.name} has no known context length`;
  const fix = `set the context length of ${t.name} (its max model len) in Switchyard`;
  if (shape.unboundedPrompt && t.inputCostPerToken > 0)
    return {
      usd,
      tokens,
      unbounded: {
        reason: `the prompt holds ${shape.unboundedPrompt}, whose token count is only known once the engine reads it, and ${where}`,
        fix: `Send text only, or ask the operator to ${fix}.`,
        param: 'messages',
      },
    };
  const field = shape.route === 'completions' ? '"max_tokens"' : '"max_tokens" (or "max_completion_tokens")';
  return {
    usd,
    tokens,
    unbounded: {
      reason: `no ${field} was sent${shape.route === 'completions' && !shape.completionDefault ? ' (it is null)' : ''}, so the output may run to the end of the context, and ${where}`,
      fix: `Send ${field}, or ask the operator to ${fix}.`,
      param: 'max_tokens',
    },
  };
}

/** The worst case over every target a request may reach (a fallback must not overspend either). */
export function worstCaseOver(shape: RequestShape, targets: readonly WorstCaseTarget[]): WorstCase {
  let worst: WorstCase = { usd: 0, tokens: 0, unbounded: null };
  for (const t of targets) {
    const w = worstCase(shape, t);
    worst = {
      usd: Math.max(worst.usd, w.usd),
      tokens: Math.max(worst.tokens, w.tokens),
      unbounded: worst.unbounded ?? w.unbounded,
    };
  }
  return worst;
}
