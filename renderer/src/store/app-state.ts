// The one bound store: every domain slice combined. `createAppState(api)` builds it around any
// API client, so tests run the real slices against a fake transport.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { createBudgetsSlice, type BudgetsSlice } from './budgets-slice';
import { createDashboardsSlice, type DashboardsSlice } from './dashboards-slice';
import { createDeploySlice, type DeploySlice } from './deploy-slice';
import { createDeploymentsSlice, type DeploymentsSlice } from './deployments-slice';
import { createHostsSlice, type HostsSlice } from './hosts-slice';
import { createKeysSlice, type KeysSlice } from './keys-slice';
import { createProvidersSlice, type ProvidersSlice } from './providers-slice';
import { createRequestsSlice, type RequestsSlice } from './requests-slice';
import { createRoutingSlice, type RoutingSlice } from './routing-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';
import { createTelemetrySlice, type TelemetrySlice } from './telemetry-slice';

export type AppState = SystemSlice &
  SettingsSlice &
  DeploymentsSlice &
  DeploySlice &
  KeysSlice &
  HostsSlice &
  RequestsSlice &
  TelemetrySlice &
  DashboardsSlice &
  RoutingSlice &
  BudgetsSlice &
  ProvidersSlice;

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
  });
