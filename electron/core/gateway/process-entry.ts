// Entry point of the gateway process (a forked Node child headless, an Electron utilityProcess on
// the desktop). Opens the shared SQLite store, listens, and talks to its parent over a small typed
// channel (process-messages.ts, checked on receipt): it reports `listening`/`fatal`/`keys-changed`
// and obeys `reload` and `load` (scraped engine load for its routing strategies). With
// SWITCHYARD_GATEWAY_WORKERS > 1 it is instead the primary of that many workers on one port
// (shared-state/workers.ts), which share their state through SWITCHYARD_REDIS_URL.
import cluster from 'node:cluster';
import { systemClock } from '../clock';
import { keepServingOnUncaughtErrors } from '../last-resort';
import { openSecretBox, secretBox } from '../secrets';
import { Store } from '../store';
import { GatewayRuntime } from './runtime';
import { startGatewayServer } from './server';
import { type GatewayMessage, ParentMessage, readMessage } from './process-messages';
import { runGatewayWorkers } from './shared-state/workers';

type ParentPort = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
};
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function tellParent(message: GatewayMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

/** Calls `listener` with each message from the parent that is a ParentMessage (others are dropped, logged). */
function onParentMessage(listener: (message: ParentMessage) => void): void {
  const receive = (raw: unknown) => {
    const message = readMessage(ParentMessage, raw, 'parent');
    if (message) listener(message);
  };
  if (parentPort) parentPort.on('message', (e) => receive(e.data));
  else process.on('message', receive);
}

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const host = process.env.SWITCHYARD_GATEWAY_HOST ?? '127.0.0.1';
  const port = Number(process.env.SWITCHYARD_GATEWAY_PORT ?? 4000);
  const dataDir = process.env.SWITCHYARD_DATA_DIR;
  if (!dataDir) throw new Error('SWITCHYARD_DATA_DIR is not set');
  const redisUrl = process.env.SWITCHYARD_REDIS_URL || undefined;
  const workers = Number(process.env.SWITCHYARD_GATEWAY_WORKERS ?? 1);
  if (workers > 1 && cluster.isPrimary) {
    if (!redisUrl) throw new Error('gateway workers share their state through Redis: set --redis redis://host:6379');
    runGatewayWorkers(workers, tellParent, onParentMessage);
    return;
  }
  const store = Store.open(dataDir);
  // The desktop hands over its keychain-sealed data key; headless reads secret.key itself.
  const secrets = process.env.SWITCHYARD_SECRET_KEY
    ? secretBox(Buffer.from(process.env.SWITCHYARD_SECRET_KEY, 'hex'))
    : openSecretBox(dataDir).box;
  const rt = new GatewayRuntime(store, secrets, systemClock, {
    logRequests: process.env.SWITCHYARD_DISABLE_REQUEST_LOG !== '1',
    wake: (deployment) => tellParent({ type: 'wake', deployment }),
    redisUrl,
  });
  await rt.connectState();
  try {
    const gateway = await startGatewayServer(rt, host, port, {
      onKeysChanged: (change) => tellParent({ type: 'keys-changed', change }),
    });
    tellParent({ type: 'listening', url: gateway.url });
    // Once listening, an error no request handler caught is logged; every other request keeps being served.
    keepServingOnUncaughtErrors('gateway', (line) => console.error(line));
    onParentMessage((message) => {
      if (message.type === 'reload') rt.reload();
      if (message.type === 'load')
        for (const t of message.targets) rt.loads.observe(t.key, t.kvCacheUsage, t.waiting, t.running ?? null);
    });
    // Cooldowns live here; the parent's routing editor shows them on the graph.
    setInterval(() => tellParent({ type: 'target-health', targets: rt.cooldowns.health() }), 1_000).unref();
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      // Stop accepting, let in-flight requests finish (bounded), then flush the log and exit.
      setTimeout(() => {
        rt.writer.close();
        process.exit(0);
      }, SHUTDOWN_GRACE_MS).unref();
      gateway.close().then(async () => {
        await rt.state.close();
        rt.writer.close();
        store.close();
        process.exit(0);
      });
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    process.on('disconnect', shutdown);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await rt.state.close();
    const message =
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use: stop what holds it or choose another gateway port in Settings.`
        : code === 'EACCES'
          ? `Not allowed to listen on ${host}:${port}: choose a port above 1024.`
          : `The gateway could not listen on ${host}:${port}: ${String(err)}`;
    tellParent({ type: 'fatal', message });
    console.error(`[gateway] ${message}`);
    process.exit(1);
  }
}

main().catch((err) => {
  const message = `The gateway could not start: ${(err as Error).message}`;
  tellParent({ type: 'fatal', message });
  console.error(`[gateway] ${message}`);
  process.exit(1);
});
