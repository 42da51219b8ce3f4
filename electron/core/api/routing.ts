// routing.*: the routing editor's graph, validation, diff, YAML and atomic apply (shared/contract-routing.ts).
import type { routingCalls } from '../../../shared/contract-routing';
import { applyProposal, validateProposal } from '../routing-editor/apply';
import { readCurrentTable, tableVersion } from '../routing-editor/current-table';
import { diffTables } from '../routing-editor/diff';
import { routingLive } from '../routing-editor/live';
import { proposalYaml } from '../routing-editor/yaml';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';

export function routingHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof routingCalls> {
  const live = () => routingLive(ctx.store, ctx.gateway.targetHealth(), ctx.clock.now());
  return {
    'routing.graph': () => {
      const table = readCurrentTable(ctx.store);
      return { table, version: tableVersion(table), live: live() };
    },
    'routing.live': () => live(),
    'routing.validate': ({ table }) => ({ problems: validateProposal(ctx.store, table) }),
    'routing.diff': ({ table }) => ({ changes: diffTables(readCurrentTable(ctx.store), table) }),
    'routing.apply': ({ table, baseVersion }) => applyProposal(ctx, table, baseVersion),
    'routing.yaml': ({ table }) => ({ yaml: proposalYaml(ctx.store, ctx.secrets, table) }),
  };
}
