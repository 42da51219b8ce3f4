// The instance's replica routes (api/replicas.ts) on a real HTTP server over a real store: the
// join token, a snapshot that carries key hashes and never keys, the change stream, and the
// log ingest's validation, bounds and exactly-once keeping of replayed rows.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaRoutes } from '../../electron/core/api/index';
import { ChangeNotice } from '../../electron/core/changes';
import { EventBus } from '../../electron/core/events';
import { issueJoinToken } from '../../electron/core/replica/join-token';
import { ReplicaLogIngest } from '../../electron/core/replica/log-ingest';
import { ReplicaHub } from '../../electron/core/replica/replica-hub';
import { REPLICA_ROUTES } from '../../electron/core/replica/replica-wire';
import { secretBox } from '../../electron/core/secrets';
import type { Store } from '../../electron/core/store';
import { hashKey } from '../../electron/core/store/keys';
import { pathOf } from '../../electron/core/url-path';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('replica-routes');
const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function instance(): Promise<{ store: Store; changes: ChangeNotice; url: string; token: string }> {
  const store = openStore();
  const changes = new ChangeNotice(store, new EventBus());
  const hub = new ReplicaHub(store, secretBox(randomBytes(32)), changes);
  const routes = replicaRoutes(store, hub, new ReplicaLogIngest(store, changes));
  const server: Server = createServer((req, res) => {
    if (!routes.handle(req, res, pathOf(req.url))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    hub.close();
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as { port: number };
  return { store, changes, url: `http://127.0.0.1:${port}`, token: issueJoinToken(store) };
}

const row = (id: string, at: number, keyId: string | null, costUsd = 0.01) => ({
  id,
  at,
  keyId,
  modelGroup: 'chat',
  deployment: 'sim',
  status: 200,
  promptTokens: 3,
  completionTokens: 5,
  costUsd,
  latencyMs: 12,
  ttftMs: 4,
  attempts: 1,
  errorClass: null,
});

const post = (url: string, token: string, body: string) =>
  fetch(`${url}${REPLICA_ROUTES.logRows}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

describe('replica routes', () => {
  it('need the current join token: none, a wrong one and a replaced one are refused with what to do', async () => {
    const { store, url, token } = await instance();
    const get = (t?: string) =>
      fetch(`${url}${REPLICA_ROUTES.snapshot}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    expect((await get(token)).status).toBe(200);
    const none = await get();
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/switchyard gateway token/);
    expect((await get('syr-guess')).status).toBe(401);
    const next = issueJoinToken(store);
    expect((await get(token)).status).toBe(401);
    expect((await get(next)).status).toBe(200);
  });

  it("the snapshot carries a key's hash and never the key", async () => {
    const { store, url, token } = await instance();
    const { key } = store.keys.create({ alias: 'app', models: ['chat'], rpmLimit: 7 });
    const text = await (
      await fetch(`${url}${REPLICA_ROUTES.snapshot}`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(text).not.toContain(key);
    const snapshot = JSON.parse(text).result as { keys: Record<string, unknown>[]; schemaVersion: number };
    expect(snapshot.keys).toHaveLength(1);
    expect(snapshot.keys[0]).toMatchObject({ key_hash: hashKey(key), rpm_limit: 7, alias: 'app' });
    expect(snapshot.schemaVersion).toBe(store.schemaVersion);
  });

  it('the change stream announces each change the gateway reads, a key change by the gateway included', async () => {
    const { changes, url, token } = await instance();
    const abort = new AbortController();
    closers.push(() => abort.abort());
    const res = await fetch(`${url}${REPLICA_ROUTES.changes}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += decoder.decode((await reader.read()).value);
    };
    await until(/"kind":"joined"/);
    changes.publish({ kind: 'settings', settings: {} as never }); // the gateway reads no settings: not announced
    changes.publish({ kind: 'keys', madeBy: 'gateway' });
    changes.publish({ kind: 'routing' });
    await until(/"kind":"routing"/);
    const kinds = [...text.matchAll(/"kind":"([a-z-]+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual(['joined', 'keys', 'routing']);
    expect(text).toContain('{"version":2,"kind":"routing"}');
  });

  it('keeps every shipped row once: a replayed batch is counted and skipped, and spend is added once', async () => {
    const { store, url, token } = await instance();
    const { info } = store.keys.create({ models: [] });
    const at = Date.now();
    const batch = JSON.stringify({
      replica: 'r1',
      rows: [row('a', at, info.id), row('b', at, info.id), row('a', at, info.id)],
    });
    const first = await post(url, token, batch);
    expect(await first.json()).toEqual({ result: { written: 2, alreadyHad: 1 } });
    const again = await post(url, token, batch);
    expect(await again.json()).toEqual({ result: { written: 0, alreadyHad: 3 } });
    const ids = store.db.prepare(`SELECT id FROM request_logs ORDER BY id`).all() as { id: string }[];
    expect(ids.map((r) => r.id)).toEqual(['a', 'b']);
    expect(store.keys.list().find((k) => k.id === info.id)?.spendUsd).toBeCloseTo(0.02, 10);
  });

  it('refuses a malformed batch naming the field, and an oversized one with 413', async () => {
    const { url, token } = await instance();
    const bad = await post(
      url,
      token,
      JSON.stringify({ replica: 'r1', rows: [{ ...row('a', 1, null), status: 'ok' }] }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; fields: { path: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields.map((f) => f.path)).toEqual(['rows.0.status']);
    expect((await post(url, token, 'not json')).status).toBe(400);
    const huge = await post(url, token, JSON.stringify({ replica: 'r1', rows: [], pad: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });
});
