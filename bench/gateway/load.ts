// The load generator as a long-lived child process: it stays warm across cells (no start-up or
// JIT warm-up inside a measurement) and never shares an event loop with a server under test.
import { join } from 'node:path';
import type { Child, ChildRegistry } from './children';
import type { LoadResult, LoadSpec } from './load-spec';

export class LoadGenerator {
  private constructor(private readonly child: Child) {}

  static start(reg: ChildRegistry): LoadGenerator {
    return new LoadGenerator(
      reg.start('load-generator', process.execPath, [join(__dirname, 'load-worker.cjs')], process.env, { ipc: true }),
    );
  }

  /** Runs one cell; rejects with the generator's output when it fails or exits. */
  measure(spec: LoadSpec): Promise<LoadResult> {
    const { proc } = this.child;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the load generator exited (${code}) while measuring ${spec.url}:\n${this.child.tail()}`));
      proc.once('exit', onExit);
      proc.once('message', (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
        proc.off('exit', onExit);
        if (!message.ok) return reject(new Error(`the load generator failed against ${spec.url}: ${message.error}`));
        // JSON has no NaN: percentiles of a cell with no good answer arrive as null.
        const r = message.result;
        resolve({
          ...r,
          p50Ms: r.p50Ms ?? NaN,
          p99Ms: r.p99Ms ?? NaN,
          ...(r.chunks !== undefined && { gapP50Ms: r.gapP50Ms ?? NaN, gapP99Ms: r.gapP99Ms ?? NaN }),
        });
      });
      proc.send(spec);
    });
  }
}
