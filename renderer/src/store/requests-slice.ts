// The most recent gateway requests, as logged (what Spend and Performance can show today).
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { idle, loadInto } from './loadable';
import type { AppState, RequestsSlice } from './state';

export type { RequestsSlice } from './state';

export const RECENT_REQUESTS_LIMIT = 200;

export const createRequestsSlice =
  (api: Api): StateCreator<AppState, [], [], RequestsSlice> =>
  (set) => ({
    recentRequests: idle(),
    loadRecentRequests: () =>
      loadInto(set, 'recentRequests', () => api.call('requests.recent', { limit: RECENT_REQUESTS_LIMIT })),
  });
