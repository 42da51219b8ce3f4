// Entry point of the gateway process (a forked Node child headless, an Electron utilityProcess on
// the desktop). Reads its settings from the environment, listens, and tells its parent.
import { startGatewayServer } from './server';
import type { GatewayMessage } from './supervisor';

type ParentPort = { postMessage(message: unknown): void };

function tellParent(message: GatewayMessage): void {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

async function main(): Promise<void> {
  const host = process.env.SWITCHYARD_GATEWAY_HOST ?? '127.0.0.1';
  const port = Number(process.env.SWITCHYARD_GATEWAY_PORT ?? 4000);
  try {
    const gateway = await startGatewayServer(host, port);
    tellParent({ type: 'listening', url: gateway.url });
    const shutdown = () => {
      gateway.close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 5_000).unref();
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    process.on('disconnect', shutdown);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE'
      ? `Port ${port} on ${host} is already in use: stop what holds it or choose another gateway port in Settings.`
      : code === 'EACCES'
        ? `Not allowed to listen on ${host}:${port}: choose a port above 1024.`
        : `The gateway could not listen on ${host}:${port}: ${String(err)}`;
    tellParent({ type: 'fatal', message });
    console.error(`[gateway] ${message}`);
    process.exit(1);
  }
}

void main();
