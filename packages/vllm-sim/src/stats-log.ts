// vLLM's periodic stats line ("Engine 000: Avg prompt throughput: … tokens/s, …"), logged every
// interval while the engine is busy or just was, as vLLM's LoggingStatLogger does.
import type { SimContext } from './context';
import { vllmLine } from './vllm-log';

export function startStatsLog(ctx: SimContext): () => void {
  const intervalS = ctx.opts.statsIntervalS;
  if (intervalS <= 0) return () => {};
  let last = ctx.metrics.totals();
  let lastAt = performance.now();
  let lastThroughput = [0, 0];
  const timer = setInterval(() => {
    const now = performance.now();
    const totals = ctx.metrics.totals();
    const seconds = (now - lastAt) / 1000;
    const prompt = (totals.promptTokens - last.promptTokens) / seconds;
    const generation = (totals.generationTokens - last.generationTokens) / seconds;
    const queries = totals.prefixQueries - last.prefixQueries;
    const hitRate = queries > 0 ? ((totals.prefixHits - last.prefixHits) / queries) * 100 : 0;
    const { engine } = ctx;
    if (prompt || generation || lastThroughput[0] || lastThroughput[1] || engine.numRunning || engine.numWaiting) {
      ctx.opts.log(
        vllmLine(
          'INFO',
          'loggers.py:123',
          `Engine 000: Avg prompt throughput: ${prompt.toFixed(1)} tokens/s, Avg generation throughput: ${generation.toFixed(1)} tokens/s, ` +
            `Running: ${engine.numRunning} reqs, Waiting: ${engine.numWaiting} reqs, GPU KV cache usage: ${(engine.kv.usage * 100).toFixed(1)}%, ` +
            `Prefix cache hit rate: ${hitRate.toFixed(1)}%`,
        ),
      );
    }
    last = totals;
    lastAt = now;
    lastThroughput = [prompt, generation];
  }, intervalS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
