// The last resort of a long-running process (serve, the gateway): an error no request handler
// caught is logged and the process keeps serving everyone else, instead of Node's default of
// exiting on the first one. The causes are fixed where they arise; this only keeps one missed
// case from taking the admin API, the gateway and the engines down with it.

type Log = (line: string) => void;

/** Installs the handlers; returns the function that removes them again (for in-process tests and close). */
export function keepServingOnUncaughtErrors(label: string, log: Log): () => void {
  let reported = 0;
  let windowStart = Date.now();
  const report = (kind: string, err: unknown) => {
    // At most 20 reports a minute, so a flood of one bad request cannot flood the log too.
    if (Date.now() - windowStart > 60_000) {
      windowStart = Date.now();
      reported = 0;
    }
    reported += 1;
    if (reported > 20) return;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`[${label}] ${kind}, kept serving (this is a bug, please report it): ${detail}`);
  };
  const onException = (err: Error) => report('uncaught error', err);
  const onRejection = (reason: unknown) => report('unhandled rejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
