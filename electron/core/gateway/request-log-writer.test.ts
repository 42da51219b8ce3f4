// The request-log writer commits what is queued within its commit window in one transaction, and
// the answer does not wait for that commit (a replica's spool still does: answerWaitsForRow).
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewRequestLog } from '../store/request-log';
import { useTempStores } from '../../../test/support/temp-store';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
} from '../../../test/support/gateway-fixture';
import { COMMIT_WINDOW_MS, RequestLogWriter } from './request-log-writer';

const { openStore } = useTempStores('log-writer');

const row = (id: string, at: number): NewRequestLog => ({
  id,
  at,
  keyId: null,
  modelGroup: 'chat',
  deployment: 'sim-a',
  status: 200,
  promptTokens: 3,
  completionTokens: 5,
  costUsd: 0.001,
  latencyMs: 2,
  ttftMs: null,
  attempts: 1,
  errorClass: null,
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => vi.restoreAllMocks());

describe('request-log writer', () => {
  it('rows queued over several turns of the event loop land in one commit, within the window', async () => {
    const store = openStore();
    const writer = new RequestLogWriter(store);
    const commits = vi.spyOn(store.requestLog, 'insertMany');
    const at = Date.now();
    const first = writer.log(row('a', at));
    await nextTurn();
    writer.log(row('b', at + 1));
    await nextTurn();
    const last = writer.log(row('c', at + 2));
    expect(store.requestLog.count()).toBe(0);
    const started = Date.now();
    await Promise.all([first, last]);
    expect(Date.now() - started).toBeLessThan(COMMIT_WINDOW_MS + 500);
    expect(commits).toHaveBeenCalledTimes(1);
    expect(commits.mock.calls[0][0].map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(store.requestLog.count()).toBe(3);
    expect(store.requestLog.rollups('minute', at - 60_000, at + 60_000)[0]?.requests).toBe(3);
  });

  it('a failed commit is logged and its promise still resolves (the answers were already sent)', async () => {
    const store = openStore();
    const writer = new RequestLogWriter(store);
    vi.spyOn(store.requestLog, 'insertMany').mockImplementation(() => {
      throw new Error('disk full');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(writer.log(row('a', Date.now()))).resolves.toBeUndefined();
    expect(String(errors.mock.calls[0]?.[0])).toContain('1 row(s)');
  });

  it('keeps the temporary b-trees of its commits in memory, not in files of the temp directory', () => {
    const store = openStore();
    new RequestLogWriter(store);
    // 2: MEMORY (0, the default, leaves it to the build: files here).
    expect(store.db.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('flush writes at once what is queued (shutdown)', () => {
    const store = openStore();
    const writer = new RequestLogWriter(store);
    writer.log(row('a', Date.now()));
    writer.flush();
    expect(store.requestLog.count()).toBe(1);
  });
});

describe('the answer and the commit', () => {
  /** A writer whose commits never happen: an answer that waited for one would never come. */
  class StalledWriter extends RequestLogWriter {
    override log(): Promise<void> {
      return new Promise(() => {});
    }
  }
  class StalledSpool extends StalledWriter {
    override readonly answerWaitsForRow = true;
  }

  it('is sent without waiting for its row to be committed; a writer that asks for it is waited for', async () => {
    const sims = await startSims({ 'sim-a': { model: 'sim-a', ttftMs: 0, itlMs: 0 } });
    const setup = (f: Parameters<Parameters<typeof startGatewayFixture>[0]>[0]) => {
      simEndpoint(f, 'sim-a');
      return { groups: [simGroup('chat', [{ sim: 'sim-a' }])] };
    };
    const ask = (url: string, signal?: AbortSignal) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
        signal,
      });
    const instance = await startGatewayFixture(setup, sims, { writer: (s) => new StalledWriter(s) });
    try {
      const answer = await ask(instance.url, AbortSignal.timeout(5_000));
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { model: string }).model).toBe('chat');
    } finally {
      await instance.gateway.close();
    }
    const replica = await startGatewayFixture(setup, sims, { writer: (s) => new StalledSpool(s) });
    try {
      await expect(ask(replica.url, AbortSignal.timeout(300))).rejects.toThrow();
    } finally {
      replica.gateway.server.closeAllConnections();
      await replica.close();
    }
  });

  it("is written before its row is queued (the row, trace and metrics are not on the answer's path); a spool's row first", async () => {
    const setup = (f: Parameters<Parameters<typeof startGatewayFixture>[0]>[0]) => {
      simEndpoint(f, 'sim-a');
      return { groups: [simGroup('chat', [{ sim: 'sim-a' }])] };
    };
    /** Whether the gateway had written any byte to its client when each row was queued. */
    const answeredWhenLogged: boolean[] = [];
    let answered = () => false;
    class WatchingWriter extends RequestLogWriter {
      override log(row: NewRequestLog): Promise<void> {
        answeredWhenLogged.push(answered());
        return super.log(row);
      }
    }
    class WatchingSpool extends WatchingWriter {
      override readonly answerWaitsForRow = true;
    }
    for (const writer of [WatchingWriter, WatchingSpool]) {
      // Its own simulator each time: closing the fixture closes its simulators.
      const sims = await startSims({ 'sim-a': { model: 'sim-a', ttftMs: 0, itlMs: 0 } });
      const instance = await startGatewayFixture(setup, sims, { writer: (s) => new writer(s) });
      const sockets: Socket[] = [];
      instance.gateway.server.on('connection', (socket: Socket) => sockets.push(socket));
      answered = () => sockets.some((socket) => socket.bytesWritten > 0);
      try {
        const answer = await fetch(`${instance.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
        });
        expect(answer.status).toBe(200);
        await answer.text();
      } finally {
        instance.gateway.server.closeAllConnections();
        await instance.close();
      }
    }
    expect(answeredWhenLogged).toEqual([true, false]);
  });
});
