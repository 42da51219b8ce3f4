// The Playground's domain: chat runs under way (started, stopped) and the conversations kept in
// SQLite. One per core; the handler module (api/playground.ts) stays a line per call.
import type { PlaygroundRequest } from '../../../shared/contract-playground';
import type { CoreContext } from '../api/context';
import { ApiError } from '../errors';
import { logReads } from '../logs/log-explorer';
import { ConversationsRepo } from '../store/conversations';
import { runChat } from './chat-run';
import { PlaygroundKey } from './playground-key';

/** Chats under way at once (a compare is up to four). */
const MAX_RUNS = 16;

/** Where the core reaches the gateway: a wildcard listen address is reached on loopback. */
export function reachableGatewayUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

export class Playground {
  private readonly runs = new Map<string, AbortController>();
  private readonly key: PlaygroundKey;
  readonly conversations: ConversationsRepo;

  constructor(private readonly ctx: CoreContext) {
    this.key = new PlaygroundKey(ctx);
    this.conversations = new ConversationsRepo(ctx.store.db);
  }

  send(request: PlaygroundRequest): { runId: string } {
    if (this.runs.has(request.runId))
      throw new ApiError('conflict', `playground.send: run ${request.runId} is under way; use a new runId per send.`);
    if (this.runs.size >= MAX_RUNS)
      throw new ApiError('unavailable', `${MAX_RUNS} Playground chats are under way: stop one or wait for it.`);
    const gateway = this.ctx.gateway.current();
    if (gateway.state !== 'up')
      throw new ApiError('unavailable', `The gateway is ${gateway.state}: start it (Overview) before chatting.`);
    const controller = new AbortController();
    this.runs.set(request.runId, controller);
    const reads = logReads(this.ctx.store);
    void runChat(
      request,
      {
        gatewayUrl: reachableGatewayUrl(gateway.url),
        key: this.key.get(),
        emitDelta: (d) => this.ctx.events.emit('playground.delta', d),
        emitDone: (d) => this.ctx.events.emit('playground.done', d),
        findLogRow: (id, since) => reads.byIdSince(id, since),
      },
      controller.signal,
    ).finally(() => this.runs.delete(request.runId));
    return { runId: request.runId };
  }

  stop(runId: string): { stopped: boolean } {
    const run = this.runs.get(runId);
    run?.abort();
    return { stopped: Boolean(run) };
  }

  /** Stops every run (the core is closing). */
  close(): void {
    for (const run of this.runs.values()) run.abort();
  }
}

const playgrounds = new WeakMap<CoreContext, Playground>();

/** The core's one Playground. */
export function playgroundOf(ctx: CoreContext): Playground {
  let playground = playgrounds.get(ctx);
  if (!playground) {
    playground = new Playground(ctx);
    playgrounds.set(ctx, playground);
  }
  return playground;
}

export function conversationOrThrow<T>(found: T | null, id: string): T {
  if (found === null) throw new ApiError('not_found', `No conversation with id "${id}": it may have been deleted.`);
  return found;
}
