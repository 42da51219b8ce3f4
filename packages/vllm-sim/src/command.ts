// `vllm-sim …` (`switchyard sim …`) and the container image's entrypoint: vLLM's engine arguments in, vLLM's
// log lines out on stdout, argparse's errors (exit 2), vLLM's fatal start errors (exit 1), and
// SIGTERM/SIGINT handled by the process itself (it is PID 1 in a container), exiting 0 promptly.
import { parseSimArgs, SimArgsError } from './args';
import { HELP, USAGE } from './help';
import { startSimulator } from './simulator';
import { uvicornLine } from './vllm-log';

/** The `vllm-sim` command (and `switchyard sim`): argv is vLLM's engine arguments, without the program name. */
export async function runSimCommand(argv: string[]): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // As argparse: -h/--help anywhere prints the help and exits 0 without starting a server.
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(HELP);
    return;
  }
  let options;
  try {
    options = parseSimArgs(argv);
  } catch (err) {
    if (!(err instanceof SimArgsError)) throw err;
    process.stderr.write(`${USAGE}\nvllm serve: error: ${err.message}\n`);
    process.exitCode = err.exitCode;
    return;
  }

  let sim;
  try {
    sim = await startSimulator({
      ...options,
      host: options.host ?? '0.0.0.0',
      log: out,
      onCrash: () => process.exit(1),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      process.stderr.write(`OSError: [Errno 98] Address already in use (port ${options.port})\n`);
    else if (code === 'EACCES')
      process.stderr.write(`PermissionError: [Errno 13] Permission denied (port ${options.port})\n`);
    else if (!/max seq len/.test((err as Error).message)) process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }

  const running = sim;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      out(uvicornLine('Shutting down'));
      // In-flight requests are dropped: a stopped engine does not finish them either.
      const force = setTimeout(() => process.exit(0), 1_000);
      force.unref();
      void running.close().then(() => {
        out(uvicornLine('Waiting for application shutdown.'));
        out(uvicornLine('Application shutdown complete.'));
        out(uvicornLine(`Finished server process [${process.pid}]`));
        resolve();
        process.exit(0);
      });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
