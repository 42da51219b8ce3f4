// Bad inputs for the routing editor's calls (shared/contract-routing.ts), one per call.
import type { BadInput } from './types';

const group = { name: 'chat', strategy: 'simple-shuffle', targets: [], fallbacks: [], contextWindowFallbacks: [] };

export const routingBadInputs: Record<string, BadInput> = {
  'routing.graph': { input: { extra: 1 }, field: 'extra' },
  'routing.live': { input: { since: 'yesterday' }, field: 'since' },
  'routing.validate': {
    input: { table: { groups: [{ ...group, strategy: 'random' }] } },
    field: 'table.groups.0.strategy',
  },
  'routing.diff': { input: { table: { groups: [{ ...group, name: 'has space' }] } }, field: 'table.groups.0.name' },
  'routing.apply': {
    input: { table: { groups: [{ ...group, targets: [{ kind: 'endpoint', ref: 'a', weight: -1, order: 0 }] }] } },
    field: 'table.groups.0.targets.0.weight',
  },
  'routing.yaml': { input: { table: { groups: 'chat' } }, field: 'table.groups' },
};
