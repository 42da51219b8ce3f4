// The most recent gateway requests, as logged (what Spend and Performance can show today).
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { RequestLogRow } from '../lib/types';
import { idle, loadInto, type Loadable } from './loadable';
import type { AppState } from './app-state';

export const RECENT_REQUESTS_LIMIT = 200;

export interface RequestsSlice {
  recentRequests: Loadable<RequestLogRow[]>;
  loadRecentRequests: () => Promise<void>;
}

export const createRequestsSlice =
  (api: Api): StateCreator<AppState, [], [], RequestsSlice> =>
  (set) => ({
    recentRequests: idle(),
    loadRecentRequests: () =>
      loadInto(set, 'recentRequests', () => api.call('requests.recent', { limit: RECENT_REQUESTS_LIMIT })),
  });
