import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { BridgeReply, CallName } from '../../../shared/contract';
import { createApi, type Transport } from '../api/client';
import type { SpendReport } from '../lib/dashboard-types';
import { createAppState } from './app-state';
import { dueDashboards, LIVE_REFRESH_MS } from './dashboards-slice';

const report = (groupBy: SpendReport['groupBy'], totalUsd: number): SpendReport => ({
  range: { fromMs: 0, toMs: 1 },
  groupBy,
  bucketMs: 60_000,
  series: [],
  points: [],
  totals: [],
  totalUsd,
  local: { energyUsd: 0, cloudEquivalentUsd: 0, savingUsd: 0, tokens: 0 },
});

/** A transport whose answers the test releases by hand, in any order. */
function heldTransport() {
  const pending: { name: CallName; input: any; answer: (r: BridgeReply<unknown>) => void }[] = [];
  const transport: Transport = {
    call: (name, input) => new Promise((answer) => pending.push({ name, input, answer })),
    subscribe: () => () => {},
  };
  return { transport, pending };
}

describe('dashboards slice', () => {
  it("keeps the newest query's answer when an older one arrives late", async () => {
    const { transport, pending } = heldTransport();
    const store = createStore(createAppState(createApi(transport)));
    store.getState().setSpendQuery({ groupBy: 'key' });
    store.getState().setSpendQuery({ groupBy: 'team' });
    expect(pending.map((p) => p.input.groupBy)).toEqual(['key', 'team']);
    pending[1].answer({ ok: true, result: report('team', 2) });
    await Promise.resolve();
    await Promise.resolve();
    pending[0].answer({ ok: true, result: report('key', 1) });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().spendReport.data?.groupBy).toBe('team');
    expect(store.getState().spendReport.loading).toBe(false);
  });

  it('asks for the preset range ending now, and the chosen target only when one is chosen', async () => {
    const { transport, pending } = heldTransport();
    const store = createStore(createAppState(createApi(transport)));
    const before = Date.now();
    void store.getState().loadPerformance();
    expect(pending[0].name).toBe('dashboards.performance');
    expect(pending[0].input.target).toBeUndefined();
    expect(pending[0].input.range.toMs - pending[0].input.range.fromMs).toBe(3_600_000);
    expect(pending[0].input.range.toMs).toBeGreaterThanOrEqual(before);
    store.getState().setPerformanceQuery({ target: 'demo-llama-3.1-8b', range: { preset: '24h' } });
    expect(pending[1].input.target).toBe('demo-llama-3.1-8b');
    expect(pending[1].input.range.toMs - pending[1].input.range.fromMs).toBe(86_400_000);
  });

  it('refreshes only the dashboards on screen, at most once per interval', () => {
    const { transport, pending } = heldTransport();
    const store = createStore(createAppState(createApi(transport)));
    const unwatch = store.getState().watchDashboard('overview');
    expect(pending.map((p) => p.name)).toEqual(['dashboards.overview']);
    store.getState().refreshDashboards(Date.now() + 1);
    expect(pending).toHaveLength(1);
    store.getState().refreshDashboards(Date.now() + LIVE_REFRESH_MS + 10);
    expect(pending.map((p) => p.name)).toEqual(['dashboards.overview', 'dashboards.overview']);
    unwatch();
    store.getState().refreshDashboards(Date.now() + 10 * LIVE_REFRESH_MS);
    expect(pending).toHaveLength(2);
    expect(store.getState().watchedDashboards).toEqual({});
  });

  it('dueDashboards: watched and not queried within the interval', () => {
    expect(dueDashboards({ spend: 1, overview: 0 }, {}, 1000)).toEqual(['spend']);
    expect(dueDashboards({ spend: 1 }, { spend: 1000 }, 1000 + LIVE_REFRESH_MS - 1)).toEqual([]);
    expect(dueDashboards({ spend: 2 }, { spend: 1000 }, 1000 + LIVE_REFRESH_MS)).toEqual(['spend']);
  });
});
