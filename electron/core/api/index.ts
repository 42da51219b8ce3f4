// All admin handlers, one module per domain, combined into the contract's full set.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { catalogHandlers } from './catalog';
import { configHandlers } from './config';
import { deploymentsHandlers } from './deployments';
import type { DeploymentService } from '../docker/service';
import { hostsHandlers } from './hosts';
import { keysHandlers } from './keys';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';
import { telemetryHandlers } from './telemetry';
import { routingHandlers } from './routing';
import { accessHandlers } from './access';
import { dashboardHandlers } from './dashboards';
import { exportHandlers } from './export';
import { connectHandlers } from './connect';
import { logHandlers } from './logs';
import { captureHandlers } from './capture';
import { playgroundHandlers } from './playground';

export function createHandlers(ctx: CoreContext, deployments: DeploymentService): Handlers {
  return {
    ...systemHandlers(ctx),
    ...settingsHandlers(ctx),
    ...hostsHandlers(ctx),
    ...catalogHandlers(ctx),
    ...keysHandlers(ctx),
    ...configHandlers(ctx),
    ...deploymentsHandlers(ctx, deployments),
    ...telemetryHandlers(ctx),
    ...routingHandlers(ctx),
    ...accessHandlers(ctx),
    ...dashboardHandlers(ctx),
    ...exportHandlers(ctx),
    ...connectHandlers(ctx),
    ...logHandlers(ctx),
    ...captureHandlers(ctx),
    ...playgroundHandlers(ctx),
  };
}

/** The gateway replicas' routes (/replica/*), served beside the handlers on the headless admin listener. */
export { replicaRoutes, type ReplicaRoutes } from './replicas';
