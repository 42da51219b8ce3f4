// "Test it" on the Connect page: one request to this gateway as the chosen client sends it, with
// the core's own test key (test-key.ts), read in the client's dialect. The chosen key, if any, is
// checked for what the gateway would refuse it for (revoked, expired, group not allowed, budget
// spent), since the test itself is not sent with it.
import type { ConnectClient } from '../../../shared/connect-snippets';
import type { ConnectTestResult } from '../../../shared/contract-connect';
import type { VirtualKey } from '../../../shared/schemas';
import { keyInPeriod } from '../access/keys';
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { answerLine, errorMessageOf, readAnswer } from './answer-reader';
import { type ClientRequest, clientRequests, describeRequest, dialectOf } from './client-requests';
import type { ConnectTestKey } from './test-key';

const TIMEOUT_MS = 20_000;
/** An answer of 128 tokens is a few kilobytes; anything past this is not read. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
/** A test key just made reaches the gateway with its next reload: 401s are retried this long. */
const FRESH_KEY_WAIT_MS = 3_000;

export interface ConnectTestDeps {
  store: Store;
  clock: Clock;
  testKey: ConnectTestKey;
  /** Where the core reaches the gateway (loopback for a wildcard bind), without /v1; null when it is not up. */
  gatewayUrl(): { url: string | null; problem: string | null };
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The ids of an OpenAI model list ({"data": [{"id"}]}); none when it is not one. */
function modelIds(body: string): string[] {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    return Array.isArray(data)
      ? data.map((m) => (m as { id?: unknown })?.id).filter((id) => typeof id === 'string')
      : [];
  } catch {
    return [];
  }
}

/** What the gateway would refuse the chosen key for, in the client's words. */
export function keyNotes(store: Store, key: VirtualKey, group: string, now: number): string[] {
  const name = key.alias ? `“${key.alias}” (${key.prefix})` : key.prefix;
  const notes: string[] = [];
  if (key.revokedAt) notes.push(`Key ${name} is revoked: this client would get 401. Choose or create another key.`);
  else if (key.expiresAt && Date.parse(key.expiresAt) <= now)
    notes.push(`Key ${name} has expired: this client would get 401. Choose or create another key.`);
  const target = store.modelGroups.aliases()[group] ?? group;
  if (key.models.length > 0 && !key.models.includes(group) && !key.models.includes(target))
    notes.push(
      `Key ${name} may use ${key.models.join(', ')} only: asking for ${group} this client would get 403 model_not_allowed. Allow ${group} for it on Keys & Budgets, or choose another group.`,
    );
  if (keyInPeriod(key, now).budgetExhausted)
    notes.push(`Key ${name} has spent its budget: this client would get 429 budget_exceeded until it resets.`);
  return notes;
}

export async function runConnectTest(
  deps: ConnectTestDeps,
  input: { client: ConnectClient; group: string; keyId?: string },
): Promise<ConnectTestResult> {
  const chosen = input.keyId ? deps.store.keys.get(input.keyId) : null;
  if (input.keyId && !chosen)
    throw new ApiError('not_found', `No key with id "${input.keyId}": choose one of keys.list, or leave keyId out.`);
  const notes = chosen ? keyNotes(deps.store, chosen, input.group, deps.clock.now()) : [];
  const started = deps.clock.now();
  const { url, problem } = deps.gatewayUrl();
  const { key, fresh } = deps.testKey.get();
  const requests = clientRequests(input.client, input.group, key);
  const last = requests[requests.length - 1];
  const result = (fields: Partial<ConnectTestResult>): ConnectTestResult => ({
    ok: false,
    request: describeRequest(last),
    status: null,
    deployment: null,
    answer: null,
    error: null,
    latencyMs: deps.clock.now() - started,
    keyNotes: notes,
    ...fields,
  });
  if (!url) return result({ error: problem ?? 'The gateway is not running.' });

  const send = async (r: ClientRequest): Promise<Response> => {
    const deadline = deps.clock.now() + (fresh ? FRESH_KEY_WAIT_MS : 0);
    for (;;) {
      const response = await fetch(`${url}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      if (response.status !== 401 || deps.clock.now() >= deadline) return response;
      await response.body?.cancel().catch(() => {});
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  try {
    for (const r of requests) {
      const response = await send(r);
      const body = await readBounded(response);
      const deployment = response.headers.get('x-switchyard-deployment');
      if (!response.ok) {
        let message: string | null = null;
        try {
          message = errorMessageOf(JSON.parse(body));
        } catch {}
        return result({
          request: describeRequest(r),
          status: response.status,
          deployment,
          error: message ?? `The gateway answered HTTP ${response.status} ${response.statusText}.`,
        });
      }
      if (r.path === '/v1/models') {
        if (!modelIds(body).includes(input.group))
          notes.push(`${input.group} is not in /v1/models, so Open WebUI will not offer it in its model list.`);
        continue;
      }
      const answer = readAnswer(dialectOf(input.client), body, r.stream);
      const line = answerLine(answer);
      return result({
        ok: !answer.error && line !== null,
        status: response.status,
        deployment,
        answer: line,
        error: answer.error ?? (line === null ? 'The answer was empty.' : null),
      });
    }
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    const why =
      cause === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : cause === 'ECONNREFUSED'
          ? 'connection refused'
          : (err as Error).message;
    return result({ error: `The gateway at ${url} could not be reached (${why}): is it running? See Overview.` });
  }
  return result({ error: 'No request was made.' });
}
