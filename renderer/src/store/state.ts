// The bound store's shape: each slice's state and actions, and AppState, all of them combined.
// Types only, in one module of their own, so every slice (which reads the others through `get()`)
// and the store that combines them (app-state.ts) share them without importing each other.
import type { CallInput, CallResult } from '../../../shared/contract';
import type { BudgetAlert, CloudModel, Provider, ProviderTestResult, Team } from '../../../shared/contract-access';
import type { ProposedTable, RoutingLive } from '../../../shared/contract-routing';
import type { RangeChoice } from '../components/charts/time-range';
import type { OverviewTiles, PerformanceReport, SpendGroupBy, SpendReport } from '../lib/dashboard-types';
import type { FitPrediction } from '../lib/predictions';
import type { ProgressState } from '../lib/progress';
import type {
  CatalogModel,
  Deployment,
  DeploymentPlanView,
  DeploymentProgress,
  DeploymentSample,
  DeploymentSpecInput,
  DockerStatus,
  FitEstimate,
  FitRequest,
  GatewayStatus,
  GpuInventory,
  Host,
  ModelGroup,
  ReconcileReport,
  RequestLogRow,
  Settings,
  SystemStatus,
  VirtualKey,
} from '../lib/types';
import type { Loadable } from './loadable';
import type { LogsSlice, PlaygroundSlice } from './logs-state';

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
  ProvidersSlice &
  LogsSlice &
  PlaygroundSlice;

export type CreateTeamInput = CallInput<'teams.create'>;

export type UpdateTeamInput = CallInput<'teams.update'>;

export interface BudgetsSlice {
  teams: Loadable<Team[]>;
  budgetAlerts: Loadable<BudgetAlert[]>;
  loadTeams: () => Promise<void>;
  /** Throws ApiCallError on bad input. */
  createTeam: (input: CreateTeamInput) => Promise<Team>;
  updateTeam: (input: UpdateTeamInput) => Promise<Team>;
  removeTeam: (id: string) => Promise<void>;
  loadBudgetAlerts: () => Promise<void>;
  /** A key or team just passed a threshold: alerts, keys and teams are read again. */
  applyBudgetAlert: () => void;
}

export type DashboardName = 'overview' | 'spend' | 'performance';

export interface SpendQuery {
  range: RangeChoice;
  groupBy: SpendGroupBy;
}

export interface PerformanceQuery {
  range: RangeChoice;
  target: string | null;
}

export interface DashboardsSlice {
  overviewTiles: Loadable<OverviewTiles>;
  spendReport: Loadable<SpendReport>;
  spendQuery: SpendQuery;
  performanceReport: Loadable<PerformanceReport>;
  performanceQuery: PerformanceQuery;
  /** Dashboards on screen (a count per name: a page may mount twice under StrictMode). */
  watchedDashboards: Partial<Record<DashboardName, number>>;
  loadOverview: () => Promise<void>;
  loadSpend: () => Promise<void>;
  loadPerformance: () => Promise<void>;
  setSpendQuery: (patch: Partial<SpendQuery>) => void;
  setPerformanceQuery: (patch: Partial<PerformanceQuery>) => void;
  /** The Spend table of the current query as CSV (throws the API's error). */
  exportSpendCsv: () => Promise<{ filename: string; csv: string }>;
  /** Marks a dashboard on screen and loads it; the returned function takes the mark away. */
  watchDashboard: (name: DashboardName) => () => void;
  /** Re-queries the watched dashboards whose last query began LIVE_REFRESH_MS ago or more. */
  refreshDashboards: (now?: number) => void;
}

export interface DeploySlice {
  catalog: Loadable<CatalogModel[]>;
  loadCatalog: () => Promise<void>;
  estimateFit: (request: FitRequest) => Promise<FitEstimate>;
  planDeployment: (spec: DeploymentSpecInput) => Promise<DeploymentPlanView>;
}

export interface DeploymentsSlice {
  deployments: Loadable<Deployment[]>;
  modelGroups: Loadable<ModelGroup[]>;
  /** Per deployment name: its last progress report, and the phase it failed in when seen here. */
  progress: ProgressState;
  loadDeployments: () => Promise<void>;
  loadModelGroups: () => Promise<void>;
  applyDeployments: (deployments: Deployment[]) => void;
  /** Reloads the stored progress of every listed deployment (a page mount). */
  loadAllProgress: () => Promise<void>;
  applyProgress: (progress: DeploymentProgress) => void;
  /** Creates and starts a deployment; the fit estimate shown when it was made is kept beside it. */
  createDeployment: (spec: DeploymentSpecInput, prediction?: FitPrediction) => Promise<Deployment>;
  startDeployment: (name: string) => Promise<void>;
  stopDeployment: (name: string) => Promise<void>;
  restartDeployment: (name: string) => Promise<void>;
  removeDeployment: (name: string) => Promise<void>;
  /** The last `tail` lines of the container's log (not kept in the store: the viewer polls). */
  readLogs: (name: string, tail: number) => Promise<string[]>;
  /** Re-reads Docker against the stored deployments; orphans can then be adopted. */
  reconcile: () => Promise<ReconcileReport>;
  adopt: (hostId: string, name: string) => Promise<void>;
}

export interface HostsSlice {
  hosts: Loadable<Host[]>;
  /** GPU inventory per host id. */
  gpus: Record<string, Loadable<GpuInventory>>;
  /** Whether each remote host's engine answers (the local one is the Overview's docker status). */
  engines: Record<string, DockerStatus>;
  checkHost: (id: string) => Promise<void>;
  loadHosts: () => Promise<void>;
  addHost: (input: { name: string; endpoint: string; tlsCertDir?: string }) => Promise<Host>;
  removeHost: (id: string) => Promise<void>;
  loadGpus: (hostId: string, refresh?: boolean) => Promise<void>;
}

export type CreateKeyInput = CallInput<'keys.create'>;

export interface KeysSlice {
  keys: Loadable<VirtualKey[]>;
  loadKeys: () => Promise<void>;
  /** Throws ApiCallError on bad input. Returns the full key, to be shown once. */
  createKey: (input: CreateKeyInput) => Promise<string>;
  revokeKey: (id: string) => Promise<void>;
  /** Blocks or unblocks a key; the gateway refuses a blocked key from its next request. */
  setKeyBlocked: (id: string, blocked: boolean) => Promise<void>;
}

export type AddProviderInput = CallInput<'providers.add'>;

export type UpdateProviderInput = CallInput<'providers.update'>;

export type TestProviderInput = CallInput<'providers.test'>;

export interface ProvidersSlice {
  providers: Loadable<Provider[]>;
  loadProviders: () => Promise<void>;
  cloudModels: Loadable<CloudModel[]>;
  /** The pricing table does not change while the app runs: loaded once. */
  loadCloudModels: () => Promise<void>;
  /** Throws ApiCallError on bad input. */
  addProvider: (input: AddProviderInput) => Promise<Provider>;
  updateProvider: (input: UpdateProviderInput) => Promise<Provider>;
  removeProvider: (name: string) => Promise<void>;
  testProvider: (input: TestProviderInput) => Promise<ProviderTestResult>;
}

export interface RequestsSlice {
  recentRequests: Loadable<RequestLogRow[]>;
  loadRecentRequests: () => Promise<void>;
}

export interface AppliedRouting {
  table: ProposedTable;
  version: string;
}

export interface RoutingSlice {
  routingApplied: Loadable<AppliedRouting>;
  routingLive: RoutingLive | null;
  /** The table being edited; null until the applied one first loads. */
  routingDraft: ProposedTable | null;
  routingPast: ProposedTable[];
  routingFuture: ProposedTable[];
  /** Set when another apply or an import changed the table while this draft had edits. */
  routingChangedElsewhere: boolean;
  loadRouting: () => Promise<void>;
  refreshRoutingLive: () => Promise<void>;
  /** One undoable edit: `edit` returns the next table (or the same one for no change). */
  editRouting: (edit: (table: ProposedTable) => ProposedTable) => void;
  undoRouting: () => void;
  redoRouting: () => void;
  /** Applies the draft; throws ApiCallError with the problems when the core refuses it. */
  applyRouting: () => Promise<CallResult<'routing.apply'>>;
  /** routing.changed: another window, an import or our own apply. */
  onRoutingChanged: () => Promise<void>;
}

export interface SettingsSlice {
  settings: Loadable<Settings>;
  restartRequired: boolean;
  loadSettings: () => Promise<void>;
  /** Throws ApiCallError on bad input so the form can show it beside the field. */
  saveSettings: (patch: Partial<Settings>) => Promise<{ restartRequired: boolean }>;
  /** Returns the new master key; it is deliberately not kept in the store. */
  rotateMasterKey: () => Promise<string>;
  applySettings: (settings: Settings) => void;
}

export interface SystemSlice {
  system: Loadable<SystemStatus>;
  /** Latest gateway status, from system.status or a push event, whichever is newer. */
  gateway: GatewayStatus | null;
  dockerCheck: Loadable<DockerStatus>;
  loadSystem: () => Promise<void>;
  checkDocker: () => Promise<void>;
  applyGatewayStatus: (status: GatewayStatus) => void;
  applyCount: (name: keyof SystemStatus['counts'], value: number) => void;
}

export interface TelemetrySlice {
  /** Per deployment name, oldest first. A name is absent until its card has loaded or a sample came. */
  samples: Record<string, DeploymentSample[]>;
  /** Loads a deployment's last 15 minutes and merges them with what the event brought meanwhile. */
  loadRecentSamples: (name: string) => Promise<void>;
  /** One scrape round's samples (the event): kept for listed deployments, others ignored. */
  applySamples: (samples: DeploymentSample[]) => void;
  forgetSamples: (name: string) => void;
}
