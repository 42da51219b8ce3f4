// The headless shell's GatewayLauncher: a forked Node child running the bundled gateway entry.
import { fork } from 'node:child_process';
import type { GatewayLauncher } from './supervisor';

export function forkLauncher(entryPath: string): GatewayLauncher {
  return ({ env }) => {
    const child = fork(entryPath, [], {
      env: { ...process.env, ...env },
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
