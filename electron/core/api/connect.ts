// connect.*: the Connect page's setup and "Test it" (electron/core/connect/ does the work).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { runConnectTest } from '../connect/connect-test';
import { connectSetup, gatewayForTests } from '../connect/setup';
import { ConnectTestKey } from '../connect/test-key';

export function connectHandlers(ctx: CoreContext): Pick<Handlers, 'connect.setup' | 'connect.test'> {
  const testKey = new ConnectTestKey(ctx);
  const gatewayUrl = () => gatewayForTests(ctx.gateway.current());
  return {
    'connect.setup': () => connectSetup(ctx.store, ctx.gateway.current()),
    'connect.test': (input) => runConnectTest({ store: ctx.store, clock: ctx.clock, testKey, gatewayUrl }, input),
  };
}
