// system.*: what the Overview page shows about this instance.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { VERSION } from '../version';

export function systemHandlers(ctx: CoreContext): Pick<Handlers, 'system.status' | 'system.checkDocker'> {
  return {
    'system.status': async () => {
      const { store } = ctx;
      return {
        version: VERSION,
        shell: ctx.shell,
        dataDir: ctx.dataDir,
        databasePath: store.path,
        schemaVersion: store.schemaVersion,
        gateway: ctx.gateway.current(),
        docker: await ctx.docker(),
        counts: {
          hosts: store.hosts.count(),
          deployments: store.deployments.count(),
          modelGroups: store.modelGroups.count(),
          keys: store.keys.count(),
          requests: store.requestLog.count(),
        },
      };
    },
    'system.checkDocker': () => ctx.docker(true),
  };
}
