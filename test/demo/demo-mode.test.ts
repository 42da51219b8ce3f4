// `switchyard serve --demo` (the built CLI): simulated engines, model groups with a fallback chain,
// a demo key that works through the gateway, and background traffic that lands in the request log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { waitFor } from '../support/net';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServeProcess(['--demo']);
});
afterAll(() => serve?.stop());

const admin = async (call: string, body: unknown = {}) => {
  const token = new URL(serve.uiUrl).hash.replace('#token=', '');
  const res = await fetch(`${serve.adminUrl}/api/${call}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { result: any }).result;
};

describe('serve --demo', () => {
  it('prints a demo key that works with the openai SDK on the demo model groups', async () => {
    // Printed right after the URLs, possibly in a later chunk of output.
    const key = await waitFor(
      'the demo key line',
      () => /demo key \(shown once\): (sk-\S+)/.exec(serve.output())?.[1],
      5_000,
    );
    const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key!, maxRetries: 0 });
    expect((await client.models.list()).data.map((m) => m.id).sort()).toEqual(['chat', 'chat-large', 'embed']);
    const { response } = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toMatch(/^demo-qwen3-0\.6b-[ab]$/);
  });

  it('wires a fallback chain and has background traffic in the request log within seconds', async () => {
    const groups = await admin('modelGroups.list');
    expect(groups.find((g: { name: string }) => g.name === 'chat').fallbacks).toEqual(['chat-large']);
    const rows = await waitFor(
      'background traffic in the request log',
      async () => {
        const recent = await admin('requests.recent', { limit: 50 });
        return recent.filter((r: { keyId: string | null; status: number }) => r.status === 200).length >= 4
          ? recent
          : undefined;
      },
      15_000,
      500,
    );
    expect(new Set(rows.map((r: { modelGroup: string }) => r.modelGroup)).has('chat')).toBe(true);
  });
});
