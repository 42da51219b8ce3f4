import { describe, expect, it } from 'vitest';
import { Engine, type EngineConfig, type EngineObserver } from './engine';
import type { FinishReason, Sequence, SequenceSpec } from './sequence';

class Recorder implements EngineObserver {
  preemptions = 0;
  queries = 0;
  hits = 0;
  iterations: number[] = [];
  gaps: number[] = [];
  finishedReasons: FinishReason[] = [];
  preempted() {
    this.preemptions++;
  }
  prefixQueried(q: number, h: number) {
    this.queries += q;
    this.hits += h;
  }
  iteration(n: number) {
    this.iterations.push(n);
  }
  firstToken() {}
  tokenGap(s: number) {
    this.gaps.push(s);
  }
  finished(_s: Sequence, r: FinishReason) {
    this.finishedReasons.push(r);
  }
}

const config = (over: Partial<EngineConfig> = {}): EngineConfig => ({
  maxNumSeqs: 4,
  maxNumBatchedTokens: 8192,
  numGpuBlocks: 1000,
  blockSize: 16,
  enablePrefixCaching: true,
  ttftMs: 0,
  itlMs: 0,
  itlBatchFactor: 1,
  prefillMsPerToken: 0,
  ...over,
});

const spec = (over: Partial<SequenceSpec> = {}): SequenceSpec => ({
  promptIds: Array.from({ length: 20 }, (_, i) => 1000 + i),
  maxTokens: 8,
  minTokens: 0,
  naturalLength: 1000,
  ignoreEos: true,
  eosTokenId: 256,
  seed: 1,
  maxTokensParam: 8,
  n: 1,
  ...over,
});

interface Outcome {
  seq: Sequence;
  reason: FinishReason;
  tokens: number[];
}

function run(engine: Engine, specs: SequenceSpec[], onEachToken?: () => void): Promise<Outcome[]> {
  return Promise.all(
    specs.map(
      (s) =>
        new Promise<Outcome>((resolve) => {
          const tokens: number[] = [];
          const seq = engine.submit(s, {
            onToken: (t) => {
              tokens.push(t);
              onEachToken?.();
            },
            onFinish: (reason) => resolve({ seq, reason, tokens }),
          });
        }),
    ),
  );
}

describe('Engine (scheduler model)', () => {
  it('runs at most max-num-seqs sequences and queues the rest', async () => {
    const rec = new Recorder();
    const engine = new Engine(config({ maxNumSeqs: 3, itlMs: 1 }), rec);
    let maxRunning = 0;
    let maxWaiting = 0;
    const outcomes = await run(
      engine,
      Array.from({ length: 10 }, (_, i) => spec({ seed: i })),
      () => {
        maxRunning = Math.max(maxRunning, engine.numRunning);
        maxWaiting = Math.max(maxWaiting, engine.numWaiting);
      },
    );
    expect(maxRunning).toBe(3);
    expect(maxWaiting).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.reason === 'length' && o.tokens.length === 8)).toBe(true);
    expect(engine.numRunning + engine.numWaiting).toBe(0);
    expect(engine.kv.usage).toBe(0);
    expect(Math.max(...rec.iterations)).toBeLessThanOrEqual(3 * 20 + 3);
  });

  it('preempts the newest sequence when KV blocks run out, then finishes everything', async () => {
    const rec = new Recorder();
    // 6 blocks of 4 tokens; 3 sequences that each end up needing 4 blocks.
    const engine = new Engine(config({ blockSize: 4, numGpuBlocks: 6, enablePrefixCaching: false }), rec);
    const specs = [0, 1, 2].map((i) => spec({ promptIds: [10 + i, 20, 30, 40], maxTokens: 12, seed: i }));
    const outcomes = await run(engine, specs);
    expect(rec.preemptions).toBeGreaterThan(0);
    expect(outcomes.map((o) => o.tokens.length)).toEqual([12, 12, 12]);
    expect(engine.kv.usage).toBe(0);
  });

  it('produces the same tokens for a sequence whether or not it was preempted', async () => {
    const alone = await run(new Engine(config({ blockSize: 4, numGpuBlocks: 6 }), new Recorder()), [
      spec({ promptIds: [1, 2, 3, 4], maxTokens: 12, seed: 9 }),
    ]);
    const rec = new Recorder();
    const crowded = await run(
      new Engine(config({ blockSize: 4, numGpuBlocks: 6 }), rec),
      [0, 1, 9].map((seed) => spec({ promptIds: seed === 9 ? [1, 2, 3, 4] : [7, seed, 7, 7], maxTokens: 12, seed })),
    );
    expect(rec.preemptions).toBeGreaterThan(0);
    expect(crowded[2].tokens).toEqual(alone[0].tokens);
  });

  it('reuses cached blocks of an identical prompt prefix and counts the hits in tokens', async () => {
    const rec = new Recorder();
    const engine = new Engine(config({ blockSize: 16 }), rec);
    const prompt = Array.from({ length: 40 }, (_, i) => 500 + i);
    await run(engine, [spec({ promptIds: prompt })]);
    expect(rec.hits).toBe(0);
    await run(engine, [spec({ promptIds: prompt })]);
    expect(rec.queries).toBe(80);
    expect(rec.hits).toBe(32); // two full blocks; the last partial block is computed again
  });

  it('ends at the natural length with EOS (reason stop), held back by min_tokens', async () => {
    const engine = new Engine(config(), new Recorder());
    const [natural, held] = await run(engine, [
      spec({ ignoreEos: false, naturalLength: 3, maxTokens: 10 }),
      spec({ ignoreEos: false, naturalLength: 3, minTokens: 5, maxTokens: 10 }),
    ]);
    expect(natural.reason).toBe('stop');
    expect(natural.tokens).toHaveLength(3);
    expect(natural.tokens[2]).toBe(256);
    expect(held.tokens).toHaveLength(6);
  });

  it('frees the blocks of an aborted sequence and reports it as aborted', async () => {
    const rec = new Recorder();
    const engine = new Engine(config({ itlMs: 5 }), rec);
    const done = new Promise<FinishReason>((resolve) => {
      const seq = engine.submit(spec({ maxTokens: 1000 }), {
        onToken: () => {
          if (seq.numGenerated === 2) engine.abort(seq);
        },
        onFinish: resolve,
      });
    });
    expect(await done).toBe('abort');
    expect(engine.kv.usage).toBe(0);
    expect(rec.finishedReasons).toEqual(['abort']);
  });

  it('times the first token by ttft and the next ones by the inter-token latency', async () => {
    const rec = new Recorder();
    const engine = new Engine(config({ ttftMs: 40, itlMs: 15 }), rec);
    const [o] = await run(engine, [spec({ maxTokens: 6 })]);
    const ttft = o.seq.firstTokenAt! - o.seq.arrivalAt;
    expect(ttft).toBeGreaterThanOrEqual(39);
    expect(ttft).toBeLessThan(150); // timers may run late on a loaded machine, never early
    const meanGap = rec.gaps.reduce((a, b) => a + b, 0) / rec.gaps.length;
    expect(meanGap).toBeGreaterThanOrEqual(0.014);
    expect(meanGap).toBeLessThan(0.04);
  });

  it('slows each decode step as the batch grows', async () => {
    const gapsAt = async (batch: number) => {
      const rec = new Recorder();
      const engine = new Engine(config({ maxNumSeqs: 8, itlMs: 20, itlBatchFactor: 1 }), rec);
      await run(
        engine,
        Array.from({ length: batch }, (_, i) => spec({ maxTokens: 5, seed: i })),
      );
      return rec.gaps.reduce((a, b) => a + b, 0) / rec.gaps.length;
    };
    const one = await gapsAt(1);
    const eight = await gapsAt(8);
    expect(eight / one).toBeGreaterThan(1.5); // 2× in the model, less a little timer lateness
  });

  it('holds work while asleep and resumes it on wake-up', async () => {
    const engine = new Engine(config({ itlMs: 2 }), new Recorder());
    engine.sleep(1);
    let finished = false;
    const result = run(engine, [spec({ maxTokens: 3 })]).then((o) => {
      finished = true;
      return o;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(finished).toBe(false);
    expect(engine.numWaiting).toBe(1);
    expect(engine.sleeping).toBe(1);
    engine.wakeUp();
    const [o] = await result;
    expect(o.tokens).toHaveLength(3);
  });
});
