// One sequence in the simulated engine: a prompt, the tokens generated so far, the KV blocks it
// holds, and the timestamps vLLM's request metrics are computed from (all in ms, engine clock).
import { TextGenerator } from './text-model';
import { blockHash } from './kv-cache';

export type FinishReason = 'stop' | 'length' | 'abort' | 'error';
export type SequenceState = 'waiting' | 'prefill' | 'decode' | 'finished';

export interface SequenceSpec {
  promptIds: readonly number[];
  /** Tokens to generate at most; 0 for a pooling request (prefill only). */
  maxTokens: number;
  minTokens: number;
  /** Length at which the model emits end-of-sequence (the EOS token included). */
  naturalLength: number;
  ignoreEos: boolean;
  eosTokenId: number;
  seed: number;
  /** The request's own max_tokens (null when it gave none), for request_params_max_tokens. */
  maxTokensParam: number | null;
  /** The request's n, for request_params_n. */
  n: number;
  /** Tokens the model writes first, in order (a planned answer); then EOS at `naturalLength`. */
  script?: readonly number[] | null;
}

export interface SequenceSink {
  /**
   * A generated token; `finishing` says when it is the last one (EOS or max_tokens). Return true
   * to finish the sequence now with reason `stop` (a stop string or stop token was produced).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a listener may return nothing (keep going) or false (stop)
  onToken(tokenId: number, seq: Sequence, finishing: FinishReason | null): boolean | void;
  onFinish(reason: FinishReason, seq: Sequence): void;
}

export class Sequence {
  readonly id: number;
  readonly spec: SequenceSpec;
  readonly sink: SequenceSink;
  readonly tokens: number[];
  readonly numPromptTokens: number;
  readonly generator: TextGenerator;
  state: SequenceState = 'waiting';
  blocks: number[] = [];
  /** Hashes of the full blocks of `tokens`, computed lazily and kept across preemptions. */
  readonly blockHashes: number[] = [];
  /** When the prefill in flight completes (ms). */
  readyAt = 0;
  /** Whether the current prefill recomputes a preempted sequence (no fixed TTFT overhead then). */
  resumed = false;
  arrivalAt: number;
  scheduledAt: number | null = null;
  firstTokenAt: number | null = null;
  lastTokenAt: number | null = null;
  finishedAt: number | null = null;
  finishReason: FinishReason | null = null;

  constructor(id: number, spec: SequenceSpec, sink: SequenceSink, now: number) {
    this.id = id;
    this.spec = spec;
    this.sink = sink;
    this.tokens = spec.promptIds.slice();
    this.numPromptTokens = spec.promptIds.length;
    this.generator = new TextGenerator(spec.seed);
    this.arrivalAt = now;
  }

  get numGenerated(): number {
    return this.tokens.length - this.numPromptTokens;
  }

  get pooling(): boolean {
    return this.spec.maxTokens === 0;
  }

  /** Hashes of this sequence's full blocks, extended to cover its current tokens. */
  fullBlockHashes(blockSize: number): number[] {
    const full = Math.floor(this.tokens.length / blockSize);
    for (let i = this.blockHashes.length; i < full; i++) {
      const parent = i === 0 ? 0 : this.blockHashes[i - 1];
      this.blockHashes.push(blockHash(parent, this.tokens, i * blockSize, (i + 1) * blockSize));
    }
    return this.blockHashes;
  }

  /** The token the model produces next; EOS once the natural length is reached. */
  nextToken(): number {
    const k = this.numGenerated + 1;
    const eos = !this.spec.ignoreEos && k >= this.spec.naturalLength && k > this.spec.minTokens;
    if (eos) return this.spec.eosTokenId;
    const script = this.spec.script;
    return script && k <= script.length ? script[k - 1] : this.generator.next();
  }
}
