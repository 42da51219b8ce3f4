// One generate request in the engine: a sequence per choice (n per prompt), their text as it is
// detokenised, stop strings and stop tokens, and the moment every choice is done. Chat and
// completions share it and differ only in how they format what it reports.
import { TextDecoder } from 'node:util';
import type { SimContext } from './context';
import { hashInts, mix32 } from './prng';
import type { FinishReason, Sequence, SequenceSink } from './sequence';
import type { SamplingFields } from './params';
import { sampleOutputLength } from './text-model';
import { ENDOFTEXT_ID, IM_END_ID, tokenString } from './tokenizer';

export interface ChoiceState {
  index: number;
  promptTokens: number;
  text: string;
  /** Tokens generated, the end-of-sequence token included (as vLLM counts completion_tokens). */
  tokens: number;
  finishReason: FinishReason | null;
  /** The stop string or stop token id that ended the choice, else null. */
  stopReason: string | number | null;
  seq: Sequence | null;
  /** The seed of the choice's sequence (its text, length and logprobs). */
  seed: number;
  /** Turns byte tokens into text once a UTF-8 character is complete, as vLLM's detokenizer does. */
  decoder: TextDecoder;
}

export interface GenerationHooks {
  /** A token of a choice: its text (may be '') and, on the last one, why the choice ends. */
  onDelta?(choice: ChoiceState, delta: string, finishReason: FinishReason | null, tokenId: number): void;
  onDone(choices: ChoiceState[]): void;
}

export interface PromptInput {
  ids: number[];
}

export class GenerationRun {
  readonly choices: ChoiceState[] = [];
  private pending = 0;
  private closed = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly prompts: readonly PromptInput[],
    private readonly sampling: SamplingFields,
    private readonly eosTokenId: number,
    private readonly hooks: GenerationHooks,
    /** The tokens a choice's answer is made of, when decided up front (tools, reasoning, JSON). */
    private readonly scriptFor?: (choice: ChoiceState) => readonly number[] | null,
  ) {}

  /** Prompt tokens of the request (each prompt once, whatever n is). */
  get promptTokens(): number {
    return this.prompts.reduce((sum, p) => sum + p.ids.length, 0);
  }

  get completionTokens(): number {
    return this.choices.reduce((sum, c) => sum + c.tokens, 0);
  }

  start(): void {
    const { sampling, ctx } = this;
    const maxStop = sampling.stop.reduce((m, s) => Math.max(m, s.length), 0);
    this.prompts.forEach((prompt, p) => {
      const maxTokens = sampling.maxTokens ?? ctx.opts.maxModelLen - prompt.ids.length;
      const baseSeed = sampling.seed !== undefined ? mix32(0x51ed27, sampling.seed) : hashInts(prompt.ids);
      for (let i = 0; i < sampling.n; i++) {
        const seed = mix32(baseSeed, i + 1);
        const choice: ChoiceState = {
          index: p * sampling.n + i,
          promptTokens: prompt.ids.length,
          text: '',
          tokens: 0,
          finishReason: null,
          stopReason: null,
          seq: null,
          seed,
          decoder: new TextDecoder(),
        };
        this.choices.push(choice);
        this.pending++;
        const script = this.scriptFor?.(choice) ?? null;
        const sink: SequenceSink = {
          onToken: (token, seq, finishing) => this.onToken(choice, token, seq, finishing, maxStop),
          onFinish: (reason) => this.onFinish(choice, reason),
        };
        choice.seq = ctx.engine.submit(
          {
            promptIds: prompt.ids,
            maxTokens,
            minTokens: sampling.minTokens,
            naturalLength: script ? script.length + 1 : sampleOutputLength(seed, ctx.opts.outputLenMean),
            script,
            ignoreEos: sampling.ignoreEos,
            eosTokenId: this.eosTokenId,
            seed,
            maxTokensParam: sampling.maxTokens,
            n: sampling.n,
          },
          sink,
        );
      }
    });
  }

  /** The client went away: every unfinished choice is aborted and its blocks are freed. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.choices) if (c.seq && c.seq.state !== 'finished') this.ctx.engine.abort(c.seq);
  }

  private onToken(
    choice: ChoiceState,
    token: number,
    seq: Sequence,
    finishing: FinishReason | null,
    maxStop: number,
  ): boolean {
    choice.tokens++;
    const special = token === ENDOFTEXT_ID || token === IM_END_ID; // skip_special_tokens
    let delta = special
      ? ''
      : token < 256
        ? choice.decoder.decode(Uint8Array.of(token), { stream: true })
        : choice.decoder.decode() + tokenString(token);
    let stop = false;
    const { sampling } = this;
    const mayStop = seq.numGenerated >= sampling.minTokens;
    if (mayStop && sampling.stopTokenIds.includes(token)) {
      stop = true;
      choice.stopReason = token;
      if (!sampling.includeStopStr) delta = '';
    } else if (mayStop && maxStop > 0 && delta) {
      const before = choice.text.length;
      const text = choice.text + delta;
      const from = Math.max(0, before - maxStop + 1);
      for (const s of sampling.stop) {
        const at = text.indexOf(s, from);
        if (at < 0) continue;
        stop = true;
        choice.stopReason = s;
        const kept = sampling.includeStopStr ? at + s.length : at;
        delta = kept > before ? text.slice(before, kept) : '';
        break;
      }
    }
    choice.text += delta;
    const reason = finishing ?? (stop ? 'stop' : null);
    if (!this.closed) this.hooks.onDelta?.(choice, delta, reason, token);
    return stop;
  }

  private onFinish(choice: ChoiceState, reason: FinishReason): void {
    choice.finishReason = reason;
    if (--this.pending > 0 || this.closed) return;
    this.closed = true;
    if (this.choices.every((c) => c.finishReason !== 'abort')) this.ctx.noteServed();
    this.hooks.onDone(this.choices);
  }
}
