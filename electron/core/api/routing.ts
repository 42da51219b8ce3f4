// routing.*: the routing editor's graph, validation and atomic apply (shared/contract-routing.ts).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { routingCalls } from '../../../shared/contract-routing';

export function routingHandlers(_ctx: CoreContext): Pick<Handlers, keyof typeof routingCalls> {
  return {};
}
