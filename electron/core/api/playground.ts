// playground.*, conversations.*: the Playground page (shared/contract-playground.ts; the work is in
// electron/core/playground/).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { playgroundCalls } from '../../../shared/contract-playground';
import { conversationOrThrow, playgroundOf } from '../playground/playground';

export function playgroundHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof playgroundCalls> {
  const playground = () => playgroundOf(ctx);
  const conversations = () => playground().conversations;
  return {
    'playground.send': (request) => playground().send(request),
    'playground.stop': ({ runId }) => playground().stop(runId),
    'conversations.list': () => conversations().list(),
    'conversations.get': ({ id }) => conversationOrThrow(conversations().get(id), id),
    'conversations.save': ({ id, title, body }) => conversations().save(id, title, body, ctx.clock.now()),
    'conversations.rename': ({ id, title }) =>
      conversationOrThrow(conversations().rename(id, title, ctx.clock.now()), id),
    'conversations.remove': ({ id }) => ({ removed: conversations().remove(id) }),
  };
}
