// The headless shell's GatewayLauncher: a forked Node child running the bundled gateway entry.
// `env` adds to what the supervisor sets (serve's --redis and --gateway-workers travel this way).
import { fork } from 'node:child_process';
import type { GatewayLauncher } from './supervisor';

export function forkLauncher(entryPath: string, extraEnv: Record<string, string> = {}): GatewayLauncher {
  return ({ env }) => {
    const child = fork(entryPath, [], {
      env: { ...process.env, ...extraEnv, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      on(event: 'exit' | 'message', listener: (arg: never) => void) {
        child.on(event, listener as (...args: unknown[]) => void);
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      kill: () => child.kill('SIGTERM'),
    };
  };
}
