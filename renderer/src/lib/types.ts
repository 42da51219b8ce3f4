// Domain types for the renderer, taken from the shared contract (types only: no zod at runtime).
import type { CallInput, CallResult, EventPayload } from '../../../shared/contract';

export type SystemStatus = CallResult<'system.status'>;
export type DockerStatus = CallResult<'system.checkDocker'>;
export type GatewayStatus = EventPayload<'gateway.status'>;
export type GatewayState = GatewayStatus['state'];
export type Settings = CallResult<'settings.get'>;
export type Host = CallResult<'hosts.add'>;
export type Deployment = CallResult<'deployments.list'>[number];
export type DeploymentState = Deployment['state'];
export type ModelGroup = CallResult<'modelGroups.list'>[number];
export type VirtualKey = CallResult<'keys.list'>[number];
export type RequestLogRow = CallResult<'requests.recent'>[number];

// Click to deploy.
export type CatalogModel = CallResult<'catalog.models'>[number];
export type CatalogTask = CatalogModel['task'];
export type FitEstimate = CallResult<'fit.estimate'>;
export type FitRequest = CallInput<'fit.estimate'>;
export type DeploymentSpecInput = CallInput<'deployments.create'>['spec'];
export type DeploymentPlanView = CallResult<'deployments.plan'>;
export type DeploymentProgress = EventPayload<'deployments.progress'>;
export type LifecyclePhase = DeploymentProgress['phase'];
export type GpuInventory = CallResult<'hosts.gpus'>;
export type Gpu = GpuInventory['gpus'][number];
export type GpuSelection = NonNullable<DeploymentSpecInput['gpus']>;
export type KvCacheDtype = NonNullable<FitRequest['kvCacheDtype']>;
export type ReconcileReport = CallResult<'deployments.reconcile'>;

// Telemetry.
export type DeploymentSample = EventPayload<'telemetry.samples'>[number];
