// startSimulator: one simulated vLLM engine in this process, listening on HTTP. Used in process
// by tests, benchmarks and demo mode, and by `switchyard sim` (and the container image).
import type { AddressInfo } from 'node:net';
import { SimContext } from './context';
import { resolveOptions, type SimulatorOptions } from './options';
import { createSimServer } from './server';
import { startStatsLog } from './stats-log';
import { kvCacheTooSmall, runStartup, startupSteps } from './startup';
import { uvicornLine, vllmLine } from './vllm-log';

export interface RunningSimulator {
  /** http://127.0.0.1:PORT (or the host it listens on, when that is not a wildcard). */
  url: string;
  port: number;
  options: SimulatorOptions;
  /** Resolves when start-up is complete and /health answers 200. */
  ready: Promise<void>;
  close(): Promise<void>;
}

function listen(server: import('node:http').Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const hostForUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** Resolves once listening; until start-up completes, connections are reset as on vLLM. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const opts = resolveOptions(options);
  const tooSmall = kvCacheTooSmall(opts);
  if (tooSmall) {
    for (const line of startupSteps(opts, '')[0].lines(0)) opts.log(line);
    const err = (m: string) => opts.log(vllmLine('ERROR', 'core.py:708', m, 'EngineCore_DP0'));
    err('EngineCore failed to start.');
    err(`ValueError: ${tooSmall}`);
    opts.log('RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}');
    throw new Error(tooSmall);
  }

  const ctx = new SimContext(opts);
  const sim = createSimServer(ctx);
  const port = await listen(sim.server, opts.host, opts.port);
  const wildcard = opts.host === '0.0.0.0' || opts.host === '::';
  const url = `http://${wildcard ? '127.0.0.1' : hostForUrl(opts.host)}:${port}`;
  const startup = runStartup(opts, `http://${hostForUrl(opts.host)}:${port}`);
  let stopStats = () => {};
  let closing: Promise<void> | null = null;

  const close = () => {
    closing ??= (async () => {
      startup.cancel();
      stopStats();
      await sim.close();
    })();
    return closing;
  };

  ctx.onEngineDeath = () => {
    opts.log(vllmLine('ERROR', 'core.py:776', 'EngineCore encountered a fatal error.', 'EngineCore_DP0'));
    opts.log(vllmLine('ERROR', 'async_llm.py:485', 'AsyncLLM output_handler failed.'));
    opts.log(
      vllmLine(
        'ERROR',
        'async_llm.py:485',
        'vllm.v1.engine.exceptions.EngineDeadError: EngineCore encountered an issue. See stack trace (above) for the root cause.',
      ),
    );
    opts.log(uvicornLine('Shutting down'));
    if (opts.onCrash) opts.onCrash();
    else void close();
  };

  const ready = startup.done.then(() => {
    sim.markReady();
    stopStats = startStatsLog(ctx);
  });
  ready.catch(() => {}); // closing during start-up rejects `ready`; only those who wait on it care
  return { url, port, options: { ...options, port }, ready, close };
}
