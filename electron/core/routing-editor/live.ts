// What changes while the Routing page is open: each target's state (from the store, and from the
// gateway's cooldowns and failures) and each edge's share of the last 15 minutes' traffic with its
// error rate (from the minute request rollups).
import type {
  AvailableTarget,
  EdgeTraffic,
  GroupTraffic,
  RoutingLive,
  TargetState,
} from '../../../shared/contract-routing';
import type { Deployment } from '../../../shared/schemas';
import type { TargetHealthReport } from '../gateway/supervisor';
import type { Store } from '../store';

export const TRAFFIC_WINDOW_MINUTES = 15;
const MINUTE_MS = 60_000;

function deploymentState(d: Deployment, onDemand: boolean): { state: TargetState; reason: string | null } {
  switch (d.state) {
    case 'ready':
      return { state: 'ready', reason: null };
    case 'asleep':
      return { state: 'asleep', reason: 'asleep (on demand): woken by the next request' };
    case 'stopped':
      return onDemand
        ? { state: 'asleep', reason: 'stopped (on demand): started by the next request' }
        : { state: 'down', reason: 'stopped' };
    case 'failed':
      return { state: 'down', reason: d.stateReason ?? 'failed' };
    default:
      return { state: 'loading', reason: d.stateReason ?? d.state };
  }
}

/** Every deployment and endpoint with its state; the gateway's view wins for those it has seen fail. */
export function targetStates(store: Store, health: TargetHealthReport[]): AvailableTarget[] {
  const byKey = new Map(health.map((h) => [h.key, h]));
  const withHealth = (t: AvailableTarget): AvailableTarget => {
    const h = byKey.get(`${t.kind}:${t.ref}`);
    if (!h || (t.state !== 'ready' && t.state !== 'down')) return t;
    if (h.cooldownMs > 0) {
      return {
        ...t,
        state: 'cooldown',
        stateReason: `cooling down for ${Math.ceil(h.cooldownMs / 1000)} s${h.lastFailure ? ` after: ${h.lastFailure}` : ''}`,
      };
    }
    if (h.lastFailure && t.state === 'ready')
      return { ...t, state: 'down', stateReason: `last request failed: ${h.lastFailure}` };
    return t;
  };
  const deployments = store.deployments.list().map((d): AvailableTarget => {
    const { state, reason } = deploymentState(d, store.deployments.spec(d.name)?.onDemand === true);
    return { kind: 'deployment', ref: d.name, detail: d.servedModelName, state, stateReason: reason };
  });
  const endpoints = store.endpoints.list().map(
    (e): AvailableTarget => ({
      kind: 'endpoint',
      ref: e.name,
      detail: `${e.provider} · ${e.model}`,
      state: 'ready',
      stateReason: null,
    }),
  );
  return [...deployments, ...endpoints].map(withHealth);
}

/** Each group → target edge's share of its group's requests over the window, and its error rate. */
export function edgeTraffic(store: Store, nowMs: number): { edges: EdgeTraffic[]; groups: GroupTraffic[] } {
  const from = Math.floor((nowMs - TRAFFIC_WINDOW_MINUTES * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const rows = store.requestLog.trafficByGroupTarget(from, nowMs + MINUTE_MS);
  const groups = new Map<string, GroupTraffic>();
  for (const r of rows) {
    const g = groups.get(r.modelGroup) ?? { group: r.modelGroup, requests: 0, errors: 0, unserved: 0 };
    g.requests += r.requests;
    g.errors += r.errors;
    if (r.target === '') g.unserved += r.requests;
    groups.set(r.modelGroup, g);
  }
  const edges = rows
    .filter((r) => r.target !== '')
    .map((r): EdgeTraffic => {
      const total = groups.get(r.modelGroup)!.requests;
      return {
        group: r.modelGroup,
        target: r.target,
        requests: r.requests,
        errors: r.errors,
        share: total > 0 ? r.requests / total : 0,
        errorRate: r.requests > 0 ? r.errors / r.requests : 0,
      };
    });
  return { edges, groups: [...groups.values()] };
}

export function routingLive(store: Store, health: TargetHealthReport[], nowMs: number): RoutingLive {
  return {
    windowMinutes: TRAFFIC_WINDOW_MINUTES,
    targets: targetStates(store, health),
    ...edgeTraffic(store, nowMs),
    at: new Date(nowMs).toISOString(),
  };
}
