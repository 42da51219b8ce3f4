// Every answer carries the request's id once, whichever way it ends: the inference routes set it
// in their answer's one writeHead (or, on an error, just before it), every other route up front.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayFixture,
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
} from '../../../test/support/gateway-fixture';
import { timeOrderedUuid } from './server';

let f: GatewayFixture;

beforeAll(async () => {
  const sims = await startSims({ 'sim-a': { model: 'sim-a', ttftMs: 0, itlMs: 0 } });
  f = await startGatewayFixture((s) => {
    simEndpoint(s, 'sim-a');
    return { groups: [simGroup('chat', [{ sim: 'sim-a' }])] };
  }, sims);
});
afterAll(() => f.close());

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  fetch(`${f.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', 'x-request-id': 'req-given' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, ...extra }),
  });

describe('x-request-id', () => {
  it('is on an answer, a stream, a refusal and another route, once each', async () => {
    for (const res of [
      await chat('chat'),
      await chat('chat', { stream: true }),
      await chat('no-such-group'),
      await fetch(`${f.url}/health`, { headers: { 'x-request-id': 'req-given' } }),
    ]) {
      await res.arrayBuffer();
      expect(res.headers.get('x-request-id')).toBe('req-given');
    }
  });
});

describe('request ids the gateway makes', () => {
  it('are version-7 UUIDs: the time first, so later ids sort later (the log indexes them at its end)', async () => {
    const id = timeOrderedUuid(Date.UTC(2026, 11, 2, 3, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 11, 2, 3, 0, 0));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      const res = await fetch(`${f.url}/health`);
      await res.arrayBuffer();
      const made = res.headers.get('x-request-id') ?? '';
      expect(Number.parseInt(made.slice(0, 8) + made.slice(9, 13), 16)).toBeGreaterThanOrEqual(before);
      ids.push(made);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect([...ids].sort()).toEqual(ids);
  });
});
