// The one bound store: every domain slice combined. `createAppState(api)` builds it around any
// API client, so tests run the real slices against a fake transport.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { createBudgetsSlice } from './budgets-slice';
import { createDashboardsSlice } from './dashboards-slice';
import { createDeploySlice } from './deploy-slice';
import { createDeploymentsSlice } from './deployments-slice';
import { createHostsSlice } from './hosts-slice';
import { createKeysSlice } from './keys-slice';
import { createLogsSlice } from './logs-slice';
import { createPlaygroundSlice } from './playground-slice';
import { createProvidersSlice } from './providers-slice';
import { createRequestsSlice } from './requests-slice';
import { createRoutingSlice } from './routing-slice';
import { createSettingsSlice } from './settings-slice';
import { createSystemSlice } from './system-slice';
import { createTelemetrySlice } from './telemetry-slice';
import type { AppState } from './state';

export type { AppState } from './state';

export const createAppState =
  (api: Api): StateCreator<AppState> =>
  (...args) => ({
    ...createSystemSlice(api)(...args),
    ...createSettingsSlice(api)(...args),
    ...createDeploymentsSlice(api)(...args),
    ...createDeploySlice(api)(...args),
    ...createKeysSlice(api)(...args),
    ...createHostsSlice(api)(...args),
    ...createRequestsSlice(api)(...args),
    ...createTelemetrySlice(api)(...args),
    ...createDashboardsSlice(api)(...args),
    ...createRoutingSlice(api)(...args),
    ...createBudgetsSlice(api)(...args),
    ...createProvidersSlice(api)(...args),
    ...createLogsSlice(api)(...args),
    ...createPlaygroundSlice(api)(...args),
  });
