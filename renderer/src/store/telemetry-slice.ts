// Engine telemetry for the Deployments cards: per deployment name, its samples over the last
// 15 minutes (server state: loaded by `telemetry.recent` when a ready deployment's card mounts,
// then appended from the `telemetry.samples` event every scrape round). Capped in lib/telemetry.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { mergeSamples, SPARK_WINDOW_MS } from '../lib/telemetry';
import type { DeploymentSample } from '../lib/types';
import type { AppState, TelemetrySlice } from './state';

export type { TelemetrySlice } from './state';

export const createTelemetrySlice =
  (api: Api): StateCreator<AppState, [], [], TelemetrySlice> =>
  (set, get) => ({
    samples: {},
    loadRecentSamples: async (name) => {
      // A failed load leaves the card on its empty state; the next scrape round fills it anyway.
      const recent = await api
        .call('telemetry.recent', { target: name, minutes: SPARK_WINDOW_MS / 60_000 })
        .catch(() => null);
      if (!recent) return;
      set({ samples: { ...get().samples, [name]: mergeSamples(get().samples[name] ?? [], recent) } });
    },
    applySamples: (incoming) => {
      const current = get().samples;
      const listed = new Set((get().deployments.data ?? []).map((d) => d.name));
      const byTarget = new Map<string, DeploymentSample[]>();
      for (const s of incoming) {
        // External endpoints are scraped too; the cards show deployments only.
        if (!listed.has(s.target) && !current[s.target]) continue;
        byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), s]);
      }
      if (!byTarget.size) return;
      const next = { ...current };
      for (const [target, samples] of byTarget) next[target] = mergeSamples(current[target] ?? [], samples);
      set({ samples: next });
    },
    forgetSamples: (name) => {
      if (!(name in get().samples)) return;
      const { [name]: _gone, ...rest } = get().samples;
      set({ samples: rest });
    },
  });
