// The Logs page: the filtered request log, newest first, a page at a time by keyset, the row open
// in the drawer, and the export joined from its pages into one Blob.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { idle, loaded } from './loadable';
import type { LogsSlice } from './logs-state';
import type { AppState } from './state';

export const LOG_PAGE_ROWS = 200;

export const createLogsSlice =
  (api: Api): StateCreator<AppState, [], [], LogsSlice> =>
  (set, get) => {
    /** Bumped by each first-page load, so a slow page of an older filter is dropped. */
    let generation = 0;
    return {
      logFilter: {},
      logRows: [],
      logCursor: null,
      logLoading: false,
      logError: null,
      logDetail: { ...idle(), seq: null },
      loadLogs: async (filter) => {
        const mine = ++generation;
        // Rows of another filter are not shown under this one, even for the moment it loads.
        const same = JSON.stringify(filter) === JSON.stringify(get().logFilter);
        set({ logFilter: filter, logLoading: true, logError: null, ...(same ? {} : { logRows: [], logCursor: null }) });
        try {
          const page = await api.call('logs.page', { filter, limit: LOG_PAGE_ROWS });
          if (mine === generation) set({ logRows: page.rows, logCursor: page.nextCursor, logLoading: false });
        } catch (err) {
          if (mine === generation)
            set({ logRows: [], logCursor: null, logLoading: false, logError: errorMessage(err) });
        }
      },
      loadMoreLogs: async () => {
        const { logCursor, logLoading, logFilter } = get();
        if (!logCursor || logLoading) return;
        const mine = generation;
        set({ logLoading: true });
        try {
          const page = await api.call('logs.page', { filter: logFilter, cursor: logCursor, limit: LOG_PAGE_ROWS });
          if (mine === generation)
            set((s) => ({ logRows: [...s.logRows, ...page.rows], logCursor: page.nextCursor, logLoading: false }));
        } catch (err) {
          if (mine === generation) set({ logLoading: false, logError: errorMessage(err) });
        }
      },
      openLogRow: async (seq) => {
        set({ logDetail: { ...idle(), loading: true, seq } });
        try {
          const detail = await api.call('logs.get', { seq });
          if (get().logDetail.seq === seq) set({ logDetail: { ...loaded(detail), seq } });
        } catch (err) {
          if (get().logDetail.seq === seq) set({ logDetail: { ...idle(), error: errorMessage(err), seq } });
        }
      },
      closeLogRow: () => set({ logDetail: { ...idle(), seq: null } }),
      exportLogs: async (format, onProgress) => {
        const filter = get().logFilter;
        const parts: string[] = [];
        let rows = 0;
        let cursor: { at: number; seq: number } | undefined;
        // Page by page: the core never builds the whole file; the Blob joins the parts.
        do {
          const page = await api.call('logs.export', { filter, format, ...(cursor ? { cursor } : {}) });
          parts.push(page.text);
          rows += page.rows;
          onProgress?.(rows);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8';
        return { blob: new Blob(parts, { type }), rows };
      },
    };
  };
