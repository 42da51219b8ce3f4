// The desktop shell's GatewayLauncher: the gateway runs in an Electron utility process (a Node
// process Electron owns and ends with the app), never in the main process's event loop. The core's
// GatewaySupervisor decides when to start and restart it; this only adapts the process handle.
import type { UtilityProcess, ForkOptions } from 'electron';
import type { GatewayChild, GatewayLauncher, ParentMessage } from '../core/gateway/supervisor';

/** Electron's utilityProcess.fork, passed in so this module runs (and is tested) without Electron. */
export type ForkUtilityProcess = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

export function utilityProcessLauncher(entryPath: string, fork: ForkUtilityProcess): GatewayLauncher {
  return ({ env }): GatewayChild => {
    const child = fork(entryPath, [], {
      // The child's environment replaces ours entirely unless we pass ours along.
      env: { ...inheritedEnv(), ...env },
      serviceName: 'Switchyard gateway',
      stdio: 'pipe',
    });
    // Piped output must be drained or the gateway blocks once the pipe buffer fills.
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
    child.on('error', (type, location) => console.error(`[gateway] ${type} at ${location}`));

    // Messages sent before the process has spawned wait for it; after it has exited they are dropped
    // (the supervisor starts a new one, which reads the current state when it starts).
    let state: 'spawning' | 'running' | 'exited' = 'spawning';
    const pending: ParentMessage[] = [];
    child.once('spawn', () => {
      if (state !== 'spawning') return;
      state = 'running';
      for (const message of pending.splice(0)) child.postMessage(message);
    });
    child.once('exit', () => {
      state = 'exited';
      pending.length = 0;
    });

    return {
      // Unknown until the process has spawned; the supervisor reads it at launch.
      get pid() {
        return child.pid ?? null;
      },
      on(event: 'exit' | 'message', listener: (arg: never) => void) {
        if (event === 'exit') child.on('exit', (code) => (listener as (code: number | null) => void)(code));
        else child.on('message', listener as (message: unknown) => void);
      },
      send: (message) => {
        if (state === 'running') child.postMessage(message);
        else if (state === 'spawning') pending.push(message);
      },
      kill: () => {
        child.kill();
      },
    };
  };
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}
