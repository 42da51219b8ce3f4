// Log-probabilities for the tokens the simulator emits, in vLLM's two shapes: chat's
// `logprobs.content[]` ({token, logprob, bytes, top_logprobs}) and completions'
// `{text_offset, token_logprobs, tokens, top_logprobs}`. Seeded per choice and position, so the
// same request gives the same figures; the emitted token is always the most likely one, its
// alternatives less likely, and the probabilities of a position never sum past 1.
import { VllmError } from './http-io';
import { optBool, optInt } from './params';
import { Prng, mix32 } from './prng';
import type { ChoiceState } from './generation';
import { ENDOFTEXT_ID, IM_END_ID, tokenString, VOCAB_SIZE, wordTokenId } from './tokenizer';
import { VOCAB_WORDS } from './vocabulary';

/** vLLM's --max-logprobs default. */
export const MAX_LOGPROBS = 20;

export interface Alternative {
  id: number;
  logprob: number;
}

/** The emitted token's logprob and `top` alternatives (the emitted token first, as vLLM lists it). */
export function positionLogprobs(seed: number, position: number, tokenId: number, top: number): Alternative[] {
  const prng = new Prng(mix32(mix32(seed, 0x10b9), position));
  const q = 0.1 + prng.next() * 0.5; // each alternative is q times as likely as the one before it
  const p0 = (1 - q) * (0.3 + prng.next() * 0.699);
  const out: Alternative[] = [{ id: tokenId, logprob: Math.log(p0) }];
  const used = new Set([tokenId]);
  for (let k = 1; out.length < top + 1 && k < top * 4 + 4; k++) {
    const id = wordTokenId(prng.int(0, VOCAB_WORDS.length - 1), prng.int(0, 3) as 0 | 1 | 2 | 3);
    if (used.has(id) || id >= VOCAB_SIZE) continue;
    used.add(id);
    out.push({ id, logprob: Math.log(p0 * q ** out.length) });
  }
  return out;
}

const bytesOf = (text: string) => [...Buffer.from(text, 'utf8')];

/** One entry of chat's `logprobs.content`. */
export function chatLogprob(seed: number, position: number, tokenId: number, top: number, text: string) {
  const alts = positionLogprobs(seed, position, tokenId, top);
  return {
    token: text,
    logprob: alts[0].logprob,
    bytes: bytesOf(text),
    top_logprobs: alts.slice(0, top).map((a) => {
      const t = a.id === tokenId ? text : tokenString(a.id);
      return { token: t, logprob: a.logprob, bytes: bytesOf(t) };
    }),
  };
}

/** Chat's `logprobs`/`top_logprobs`, checked as vLLM checks them; null when not asked for. */
export function chatLogprobsRequest(body: Record<string, unknown>): { top: number } | null {
  const logprobs = optBool(body, 'logprobs') ?? false;
  const top = optInt(body, 'top_logprobs');
  if (top !== undefined && top < 0) {
    throw new VllmError(400, '`top_logprobs` must be a positive value.', 'BadRequestError', 'top_logprobs');
  }
  if (top !== undefined && top > 0 && !logprobs) {
    throw new VllmError(
      400,
      'when using `top_logprobs`, `logprobs` must be set to true.',
      'BadRequestError',
      'top_logprobs',
    );
  }
  if (!logprobs) return null;
  checkMax(top ?? 0);
  return { top: top ?? 0 };
}

/** Completions' `logprobs` (the number of alternatives); null when not asked for. */
export function completionLogprobsRequest(body: Record<string, unknown>): { top: number } | null {
  const top = optInt(body, 'logprobs');
  if (top === undefined) return null;
  if (top < 0) throw new VllmError(400, '`logprobs` must be a positive value.', 'BadRequestError', 'logprobs');
  checkMax(top);
  return { top };
}

function checkMax(n: number): void {
  if (n > MAX_LOGPROBS) {
    throw new VllmError(
      400,
      `Requested sample logprobs of ${n}, which is greater than max allowed: ${MAX_LOGPROBS}`,
      'BadRequestError',
    );
  }
}

/** Completions' logprobs for a run of tokens, `text_offset` counted from `offset` on. */
export function completionLogprobs(
  seed: number,
  firstPosition: number,
  tokens: readonly { id: number; text: string }[],
  top: number,
  offset: number,
) {
  const out = {
    text_offset: [] as number[],
    token_logprobs: [] as number[],
    tokens: [] as string[],
    top_logprobs: [] as Record<string, number>[],
  };
  let at = offset;
  tokens.forEach((t, i) => {
    const alts = positionLogprobs(seed, firstPosition + i, t.id, top);
    out.text_offset.push(at);
    out.token_logprobs.push(alts[0].logprob);
    out.tokens.push(t.text);
    // The emitted token and the `top` most likely ones; it is the most likely itself, so it is
    // listed once (a dict in vLLM): `top` entries, or 1 when `top` is 0.
    const entries: Record<string, number> = {};
    for (const a of alts.slice(0, Math.max(1, top))) entries[a.id === t.id ? t.text : tokenString(a.id)] ??= a.logprob;
    out.top_logprobs.push(entries);
    at += t.text.length;
  });
  return out;
}

const shown = (id: number) => (id === ENDOFTEXT_ID || id === IM_END_ID ? '' : tokenString(id));

/** A streamed completions chunk's logprobs: its one token, at `offset` in the choice's text. */
export function completionChunkLogprobs(choice: ChoiceState, tokenId: number, top: number, offset: number) {
  return completionLogprobs(choice.seed, choice.tokens - 1, [{ id: tokenId, text: shown(tokenId) }], top, offset);
}

/** An unstreamed completions choice's logprobs, every generated token, from `offset` on. */
export function completionChoiceLogprobs(choice: ChoiceState, top: number, offset: number) {
  const generated = choice.seq ? choice.seq.tokens.slice(choice.seq.numPromptTokens) : [];
  return completionLogprobs(
    choice.seed,
    0,
    generated.map((id) => ({ id, text: shown(id) })),
    top,
    offset,
  );
}
