// `serve --gateway-workers N`: the gateway process becomes a node:cluster primary that forks N
// workers of the same entry, all listening on the one gateway port (the primary hands each
// connection to the next worker in turn). The workers share rate limits, budget holds and
// cooldowns through Redis. To the supervisor the primary looks like the one gateway process it
// always was: it relays the parent's messages to every worker, reports `listening` once all are,
// merges their target health, and restarts a worker that dies.
import cluster, { type Worker } from 'node:cluster';
import { GatewayMessage, type ParentMessage, readMessage, type TargetHealthReport } from '../process-messages';

const RESTART_AFTER_MS = 250;
const STOP_GRACE_MS = 11_000;

export function runGatewayWorkers(
  count: number,
  tellParent: (message: GatewayMessage) => void,
  onParentMessage: (listener: (message: ParentMessage) => void) => void,
): void {
  const health = new Map<number, TargetHealthReport[]>();
  const listening = new Set<number>();
  let announced = false;
  let stopping = false;

  const start = (): Worker => {
    const worker = cluster.fork({ SWITCHYARD_GATEWAY_WORKER: '1' });
    worker.on('message', (raw: unknown) => {
      const message = readMessage(GatewayMessage, raw, `gateway worker ${worker.id}`);
      if (!message) return;
      if (message.type === 'listening') {
        listening.add(worker.id);
        if (!announced && listening.size >= count) {
          announced = true;
          tellParent(message);
        }
      } else if (message.type === 'fatal') {
        tellParent(message);
        stop(1);
      } else if (message.type === 'target-health') health.set(worker.id, message.targets);
      else tellParent(message);
    });
    return worker;
  };

  cluster.on('exit', (worker) => {
    health.delete(worker.id);
    listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[gateway] worker ${worker.id} exited; starting another`);
    setTimeout(() => !stopping && start(), RESTART_AFTER_MS).unref();
  });

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    for (const w of workers) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(code), workers.length ? STOP_GRACE_MS : 0).unref();
  };

  for (let i = 0; i < count; i++) start();
  onParentMessage((message) => {
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send(message);
  });
  setInterval(() => tellParent({ type: 'target-health', targets: mergeHealth([...health.values()]) }), 1_000).unref();
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.on('disconnect', () => stop(0));
}

/** One report per target over all workers: the longest cooldown, the last failure any saw. */
export function mergeHealth(reports: TargetHealthReport[][]): TargetHealthReport[] {
  const byKey = new Map<string, TargetHealthReport>();
  for (const t of reports.flat()) {
    const seen = byKey.get(t.key);
    byKey.set(
      t.key,
      seen
        ? {
            key: t.key,
            cooldownMs: Math.max(seen.cooldownMs, t.cooldownMs),
            lastFailure: seen.lastFailure ?? t.lastFailure,
          }
        : t,
    );
  }
  return [...byKey.values()];
}
