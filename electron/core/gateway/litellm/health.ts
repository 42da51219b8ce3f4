// The probes compose files and Kubernetes call, in LiteLLM's shapes: GET /health/liveliness (and
// the Kubernetes spelling /health/liveness) answers "I'm alive!" without checking anything;
// GET /health/readiness checks the store answers and at least one target can take traffic now
// (not unavailable, not cooling down), 200 when both hold, 503 with the reason otherwise. No key
// is needed, as in LiteLLM: the answer carries counts, never names or URLs.
import type { ServerResponse } from 'node:http';
import type { GatewayRuntime } from '../runtime';

export const HEALTH_PROBES = new Set(['/health/liveliness', '/health/liveness', '/health/readiness']);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Whether the store answers a query now. */
function storeAnswers(rt: GatewayRuntime): { ok: boolean; error?: string } {
  try {
    rt.store.db.prepare('SELECT 1').get();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export interface Readiness {
  ready: boolean;
  db: 'connected' | 'unreachable';
  healthyTargets: number;
  targets: number;
  reason: string | null;
}

export function readiness(rt: GatewayRuntime): Readiness {
  const db = storeAnswers(rt);
  const targets = rt.table().targets();
  const healthy = targets.filter((t) => !t.unavailable && rt.cooldowns.remainingMs(t.key) <= 0).length;
  const reason = !db.ok
    ? `The store does not answer: ${db.error}.`
    : targets.length === 0
      ? 'No model group has a target: add a deployment or an endpoint to a group (Routing).'
      : healthy === 0
        ? `None of the ${targets.length} targets can take traffic now (not ready, or cooling down after failures).`
        : null;
  return {
    ready: reason === null,
    db: db.ok ? 'connected' : 'unreachable',
    healthyTargets: healthy,
    targets: targets.length,
    reason,
  };
}

export function handleHealthProbe(rt: GatewayRuntime, path: string, res: ServerResponse): void {
  if (path !== '/health/readiness') {
    sendJson(res, 200, "I'm alive!");
    return;
  }
  const r = readiness(rt);
  sendJson(res, r.ready ? 200 : 503, {
    status: r.ready ? 'healthy' : 'unhealthy',
    db: r.db,
    cache: rt.state.where === 'memory' ? null : 'redis',
    healthy_targets: r.healthyTargets,
    targets: r.targets,
    ...(r.reason ? { error: r.reason } : {}),
  });
}
