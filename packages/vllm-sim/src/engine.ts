// The scheduler model: what makes load on the simulator behave like load on a vLLM engine.
//
// - At most `maxNumSeqs` sequences run; the rest wait, first come first served.
// - A running sequence holds KV blocks for its prompt and generated tokens. When a decode step
//   needs a block and none is free, the newest running sequence is preempted: its blocks are
//   released and it goes back to the front of the queue, to be recomputed (vLLM V1's policy).
// - Prefix caching: full blocks are known by hash; a new prompt reuses cached blocks.
// - Time (ms): a sequence admitted at t emits its first token at
//   t + ttftMs + uncached prompt tokens × prefillMsPerToken (queueing comes before t), then one
//   token per decode step; a step lasts itlMs × (1 + itlBatchFactor × (batch − 1)/(maxNumSeqs − 1)).
//   With every delay at 0 ("instant mode") steps run back to back on setImmediate.
import { KvBlockPool } from './kv-cache';
import { Sequence, type FinishReason, type SequenceSink, type SequenceSpec } from './sequence';

export interface EngineConfig {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  numGpuBlocks: number;
  blockSize: number;
  enablePrefixCaching: boolean;
  ttftMs: number;
  itlMs: number;
  itlBatchFactor: number;
  prefillMsPerToken: number;
}

/** What the metrics need to hear from the scheduler. */
export interface EngineObserver {
  preempted(seq: Sequence): void;
  prefixQueried(queryTokens: number, hitTokens: number): void;
  iteration(numTokens: number): void;
  firstToken(seq: Sequence): void;
  /** Seconds between two tokens of one sequence. */
  tokenGap(seconds: number): void;
  finished(seq: Sequence, reason: FinishReason): void;
}

export type SleepLevel = 0 | 1 | 2;

/** Zero-time steps run back to back up to this many before yielding to the event loop. */
const MAX_STEPS_PER_TURN = 64;

export class Engine {
  readonly config: EngineConfig;
  readonly kv: KvBlockPool;
  private readonly observer: EngineObserver;
  private readonly now: () => number;
  private readonly waiting: Sequence[] = [];
  private readonly running: Sequence[] = [];
  private nextId = 1;
  private nextDecodeAt = 0;
  private wakeAt = Infinity;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private sleepLevel: SleepLevel = 0;
  private closed = false;

  constructor(config: EngineConfig, observer: EngineObserver, now: () => number = () => performance.now()) {
    this.config = config;
    this.observer = observer;
    this.now = now;
    this.kv = new KvBlockPool(config.numGpuBlocks, config.blockSize, config.enablePrefixCaching);
  }

  get numRunning(): number {
    return this.running.length;
  }

  get numWaiting(): number {
    return this.waiting.length;
  }

  get sleeping(): SleepLevel {
    return this.sleepLevel;
  }

  submit(spec: SequenceSpec, sink: SequenceSink): Sequence {
    const seq = new Sequence(this.nextId++, spec, sink, this.now());
    if (this.closed) {
      this.finish(seq, 'abort');
      return seq;
    }
    this.waiting.push(seq);
    this.wake(this.now());
    return seq;
  }

  /** The client went away: free the sequence's blocks and count it as aborted. */
  abort(seq: Sequence): void {
    if (seq.state === 'finished') return;
    this.finish(seq, 'abort');
    this.wake(this.now());
  }

  /** Level 1 offloads weights, level 2 discards them; both drop the KV cache. Work waits meanwhile. */
  sleep(level: 1 | 2): void {
    this.sleepLevel = level;
    while (this.running.length) this.requeue(this.running[this.running.length - 1]);
    this.kv.resetPrefixCache();
  }

  wakeUp(): void {
    if (this.sleepLevel === 0) return;
    this.sleepLevel = 0;
    this.wake(this.now());
  }

  resetPrefixCache(): void {
    this.kv.resetPrefixCache();
  }

  /** Aborts everything in flight and stops the clock. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    for (const seq of [...this.running, ...this.waiting]) this.finish(seq, 'abort');
  }

  /**
   * Runs the steps that are due. Steps that take no time (instant mode) run back to back in one
   * macrotask, up to a bound, so a short answer costs one event-loop turn rather than one a token.
   */
  private step(): void {
    this.wakeAt = Infinity;
    let at = Infinity;
    for (let n = 0; n < MAX_STEPS_PER_TURN && !this.closed && this.sleepLevel === 0; n++) {
      at = this.stepOnce();
      if (at > this.now()) break;
    }
    if (at < Infinity) this.wake(at);
  }

  /** One engine step; returns when the next one is due (ms, engine clock), Infinity when idle. */
  private stepOnce(): number {
    const now = this.now();
    let iterationTokens = 0;
    let preempted = false;

    // 1. One decode step for every sequence already past its prefill.
    const decoding = this.running.filter((s) => s.state === 'decode');
    let decodeActive = decoding.length > 0;
    if (decodeActive && now >= this.nextDecodeAt - 0.1) {
      for (const seq of decoding) {
        if (seq.state !== 'decode') continue; // preempted or finished earlier in this step
        if (!this.ensureBlocks(seq, seq.tokens.length + 1)) {
          preempted = true;
          continue;
        }
        this.emit(seq, now);
        iterationTokens++;
      }
      const itl = this.stepMs(decoding.length);
      this.nextDecodeAt = Math.max(this.nextDecodeAt + itl, now + itl / 2);
    }

    // 2. Admit waiting sequences (not in a step that had to preempt, as vLLM does).
    if (!preempted) iterationTokens += this.admit(now);

    // 3. Prefills that are done emit their first token.
    const decodeWasActive = decodeActive;
    for (const seq of this.running.slice()) {
      if (seq.state === 'prefill' && seq.readyAt <= now) {
        seq.state = 'decode';
        if (seq.pooling) {
          seq.firstTokenAt = now;
          this.observer.firstToken(seq);
          this.finish(seq, 'stop');
          continue;
        }
        decodeActive = true;
        this.emit(seq, now);
        iterationTokens++;
      }
    }
    if (decodeActive && !decodeWasActive) {
      // Decoding starts now: the first step lasts as long as this batch's steps will.
      this.nextDecodeAt = now + this.stepMs(this.running.reduce((n, s) => n + (s.state === 'decode' ? 1 : 0), 0));
    }

    if (iterationTokens > 0) this.observer.iteration(iterationTokens);
    return this.nextStepAt(now);
  }

  /** Admits from the front of the queue while slots, blocks and the token budget allow. Returns prefill tokens. */
  private admit(now: number): number {
    const { blockSize, maxNumSeqs, maxNumBatchedTokens } = this.config;
    let budget = maxNumBatchedTokens;
    let prefillTokens = 0;
    while (this.waiting.length && this.running.length < maxNumSeqs) {
      const seq = this.waiting[0];
      const total = seq.tokens.length;
      // At least one token is always computed, so a fully cached prompt recomputes its last block.
      const hits = this.kv.lookup(seq.fullBlockHashes(blockSize), Math.floor((total - 1) / blockSize));
      const uncached = total - hits.length * blockSize;
      if (uncached > budget && prefillTokens > 0) break;
      const fresh = Math.ceil(total / blockSize) - hits.length;
      if (fresh > this.kv.numFreeBlocks - this.kv.freeAmong(hits)) break;
      this.kv.take(hits);
      seq.blocks = hits.concat(this.kv.allocate(fresh) ?? []);
      this.observer.prefixQueried(total, hits.length * blockSize);
      this.waiting.shift();
      this.running.push(seq);
      seq.state = 'prefill';
      seq.scheduledAt ??= now;
      seq.readyAt = now + (seq.resumed ? 0 : this.config.ttftMs) + uncached * this.config.prefillMsPerToken;
      this.cacheFullBlocks(seq, hits.length);
      budget -= uncached;
      prefillTokens += uncached;
    }
    return prefillTokens;
  }

  /** Grows `seq` to hold `tokens` tokens, preempting the newest running sequences if needed. */
  private ensureBlocks(seq: Sequence, tokens: number): boolean {
    const needed = Math.ceil(tokens / this.config.blockSize) - seq.blocks.length;
    if (needed <= 0) return true;
    while (this.kv.numFreeBlocks < needed) {
      const victim = this.running[this.running.length - 1];
      this.requeue(victim);
      this.observer.preempted(victim);
      if (victim === seq) return false;
    }
    seq.blocks.push(...(this.kv.allocate(needed) ?? []));
    return true;
  }

  private requeue(seq: Sequence): void {
    this.running.splice(this.running.indexOf(seq), 1);
    this.kv.release(seq.blocks);
    seq.blocks = [];
    seq.state = 'waiting';
    seq.resumed = true;
    this.waiting.unshift(seq);
  }

  private emit(seq: Sequence, now: number): void {
    const token = seq.nextToken();
    seq.tokens.push(token);
    if (seq.firstTokenAt === null) {
      seq.firstTokenAt = now;
      this.observer.firstToken(seq);
    } else if (seq.lastTokenAt !== null) {
      this.observer.tokenGap((now - seq.lastTokenAt) / 1000);
    }
    seq.lastTokenAt = now;
    const blockSize = this.config.blockSize;
    if (seq.tokens.length % blockSize === 0) this.cacheFullBlocks(seq, seq.tokens.length / blockSize - 1);
    // The sink learns whether this token ends the sequence, so a stream can put finish_reason
    // on the chunk that carries it, as vLLM does.
    let reason: FinishReason | null =
      token === seq.spec.eosTokenId && !seq.spec.ignoreEos
        ? 'stop'
        : seq.numGenerated >= seq.spec.maxTokens
          ? 'length'
          : null;
    if (seq.sink.onToken(token, seq, reason) === true && reason === null) reason = 'stop';
    if (seq.state === 'finished') return; // aborted from inside the sink
    if (reason) this.finish(seq, reason);
  }

  /** Publishes the sequence's full blocks from index `from` on to the prefix cache. */
  private cacheFullBlocks(seq: Sequence, from: number): void {
    if (!this.kv.prefixCaching) return;
    const hashes = seq.fullBlockHashes(this.config.blockSize);
    for (let i = from; i < hashes.length && i < seq.blocks.length; i++) this.kv.cache(seq.blocks[i], hashes[i]);
  }

  private finish(seq: Sequence, reason: FinishReason): void {
    if (seq.state === 'finished') return;
    const inRunning = this.running.indexOf(seq);
    if (inRunning >= 0) this.running.splice(inRunning, 1);
    else {
      const inWaiting = this.waiting.indexOf(seq);
      if (inWaiting >= 0) this.waiting.splice(inWaiting, 1);
    }
    this.kv.release(seq.blocks);
    seq.blocks = [];
    seq.state = 'finished';
    seq.finishReason = reason;
    seq.finishedAt = this.now();
    this.observer.finished(seq, reason);
    seq.sink.onFinish(reason, seq);
  }

  private stepMs(batch: number): number {
    const { itlMs, itlBatchFactor, maxNumSeqs } = this.config;
    return itlMs * (1 + (itlBatchFactor * (batch - 1)) / Math.max(1, maxNumSeqs - 1));
  }

  private nextStepAt(now: number): number {
    let at = Infinity;
    let anyDecoding = false;
    for (const seq of this.running) {
      if (seq.state === 'prefill') at = Math.min(at, seq.readyAt);
      else if (seq.state === 'decode') anyDecoding = true;
    }
    if (anyDecoding) at = Math.min(at, this.nextDecodeAt);
    if (this.waiting.length && this.running.length < this.config.maxNumSeqs) {
      // Admission was cut short by the token budget or by blocks: retry at the next step (or,
      // with no decode steps and no step time, when a prefill in flight completes).
      const { itlMs } = this.config;
      const retry = anyDecoding ? this.nextDecodeAt : at < Infinity && itlMs === 0 ? at : now + itlMs;
      at = Math.min(at, retry);
    }
    return at;
  }

  /** Makes sure a step runs at `at` (ms) or earlier. */
  private wake(at: number): void {
    if (this.closed || at >= this.wakeAt) return;
    this.clearTimer();
    this.wakeAt = at;
    // Timers fire on whole milliseconds: round up so a step never runs before its time.
    const delay = Math.ceil(at - this.now());
    if (delay <= 0) {
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.step();
      });
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.step();
      }, delay);
      this.timer.unref();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.wakeAt = Infinity;
  }
}
