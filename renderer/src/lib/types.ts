// Domain types for the renderer, taken from the shared contract (types only: no zod at runtime).
import type { CallResult, EventPayload } from '../../../shared/contract';

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
