// Validates a call against the contract and runs its handler. Both bridges (IPC and HTTP) go
// through here, so input checking and error shaping exist once.
import {
  calls,
  type BridgeReply,
  type CallName,
  type CallParsedInput,
  type CallResult,
} from '../../../shared/contract';
import { ApiError, invalidInput, toErrorBody } from '../errors';

export type Handlers = {
  [N in CallName]: (input: CallParsedInput<N>) => Promise<CallResult<N>> | CallResult<N>;
};

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export async function dispatch(handlers: Handlers, name: string, rawInput: unknown): Promise<BridgeReply<unknown>> {
  try {
    if (!isCallName(name)) throw new ApiError('not_found', `Unknown admin call "${name}".`);
    const parsed = calls[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidInput(name, parsed.error);
    const handler = handlers[name] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    return { ok: true, result };
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(`[api] ${name} failed:`, err);
    return { ok: false, error: toErrorBody(err) };
  }
}
