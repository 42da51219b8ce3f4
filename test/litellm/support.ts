// A real gateway over a real SQLite file in front of a simulated vLLM engine, and the LiteLLM
// management calls made as a script would: plain HTTP with the master key (or a virtual key).
import OpenAI from 'openai';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';

export const PRICE = { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 };

export async function startLitellmGateway(): Promise<GatewayFixture> {
  const sims = await startSims({ fast: { model: 'fast', ttftMs: 1, itlMs: 1, maxNumSeqs: 256, maxModelLen: 4096 } });
  return startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', { ...PRICE, maxModelLen: 4096 });
    return { groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('chat-b', [{ sim: 'fast' }])] };
  }, sims);
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** GET when there is no body, POST with JSON otherwise. */
export async function call<T = any>(
  f: GatewayFixture,
  path: string,
  body?: unknown,
  key = MASTER_KEY,
): Promise<Reply<T>> {
  const res = await fetch(`${f.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** One chat request with a key; resolves to the HTTP status (200, or the error's). */
export async function chat(
  f: GatewayFixture,
  key: string,
  model = 'chat',
): Promise<{ status: number; message: string }> {
  const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
  try {
    await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 });
    return { status: 200, message: '' };
  } catch (err) {
    const e = err as { status: number; message: string };
    return { status: e.status, message: e.message };
  }
}
