// The routing editor: the applied table, the draft being edited with its undo/redo history, and
// the live figures (target states, traffic per edge) the page polls. `routing.changed` reloads the
// applied table; a draft without local edits follows it.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { ProposedTable, RoutingLive } from '../../../shared/contract-routing';
import { idle, loadInto } from './loadable';
import type { AppState, RoutingSlice } from './state';

export type { AppliedRouting, RoutingSlice } from './state';

/** Undo history is bounded: enough for an editing session, never unbounded memory. */
const HISTORY_LIMIT = 200;

/** Same routing, whatever the order of groups and aliases (the core lists them sorted). */
const canonical = (t: ProposedTable | null) =>
  t &&
  JSON.stringify({
    groups: [...t.groups].sort((a, b) => a.name.localeCompare(b.name)),
    aliases: Object.entries(t.aliases).sort(([a], [b]) => a.localeCompare(b)),
  });
const same = (a: ProposedTable | null, b: ProposedTable | null) => canonical(a) === canonical(b);

export const createRoutingSlice =
  (api: Api): StateCreator<AppState, [], [], RoutingSlice> =>
  (set, get) => ({
    routingApplied: idle(),
    routingLive: null,
    routingDraft: null,
    routingPast: [],
    routingFuture: [],
    routingChangedElsewhere: false,

    loadRouting: async () => {
      const before = get().routingApplied.data;
      let live: RoutingLive | null = null;
      await loadInto(set, 'routingApplied', async () => {
        const graph = await api.call('routing.graph');
        live = graph.live;
        return { table: graph.table, version: graph.version };
      });
      const applied = get().routingApplied.data;
      if (!applied) return;
      const { routingDraft } = get();
      // Untouched: no local edits, or the edits are exactly what is now applied (our own apply's event).
      const untouched =
        routingDraft === null || same(routingDraft, before?.table ?? null) || same(routingDraft, applied.table);
      set({
        routingLive: live ?? get().routingLive,
        ...(untouched
          ? { routingDraft: applied.table, routingChangedElsewhere: false }
          : {
              routingChangedElsewhere:
                before !== null && before.version !== applied.version && !same(routingDraft, applied.table),
            }),
      });
    },

    refreshRoutingLive: async () => {
      try {
        set({ routingLive: await api.call('routing.live') });
      } catch {
        // The next poll tries again; the graph keeps the last figures meanwhile.
      }
    },

    editRouting: (edit) => {
      const { routingDraft, routingPast } = get();
      if (!routingDraft) return;
      const next = edit(routingDraft);
      if (same(next, routingDraft)) return;
      set({ routingDraft: next, routingPast: [...routingPast, routingDraft].slice(-HISTORY_LIMIT), routingFuture: [] });
    },

    undoRouting: () => {
      const { routingDraft, routingPast, routingFuture } = get();
      if (!routingDraft || routingPast.length === 0) return;
      set({
        routingDraft: routingPast[routingPast.length - 1],
        routingPast: routingPast.slice(0, -1),
        routingFuture: [routingDraft, ...routingFuture],
      });
    },

    redoRouting: () => {
      const { routingDraft, routingPast, routingFuture } = get();
      if (!routingDraft || routingFuture.length === 0) return;
      set({
        routingDraft: routingFuture[0],
        routingPast: [...routingPast, routingDraft],
        routingFuture: routingFuture.slice(1),
      });
    },

    applyRouting: async () => {
      const { routingDraft, routingApplied } = get();
      if (!routingDraft) throw new Error('Nothing to apply yet: the routing table is still loading.');
      const result = await api.call('routing.apply', {
        table: routingDraft,
        baseVersion: routingApplied.data?.version,
      });
      // The draft is now what is applied; the history stays, so undo can walk back past the apply.
      set({
        routingApplied: {
          data: { table: routingDraft, version: result.version },
          loading: false,
          error: null,
          errorCode: null,
        },
        routingChangedElsewhere: false,
      });
      return result;
    },

    onRoutingChanged: async () => {
      // Only once the Routing page has loaded the table; it loads afresh when opened anyway.
      if (get().routingApplied.data) await get().loadRouting();
    },
  });
