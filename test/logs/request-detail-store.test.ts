// Migration 18 and the request-log writer: each row's trace in the same INSERT, captured bodies
// in the same batch (keyed by request id and start time), and their own retention, on real
// SQLite files.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_SETTINGS, type RequestTrace } from '../../shared/contract-capture';
import { CAPTURE_SETTING, CapturePolicy, readCaptureSettings } from '../../electron/core/capture/capture-settings';
import { logTrace } from '../../electron/core/capture/log-trace';
import { RequestLogWriter } from '../../electron/core/gateway/request-log-writer';
import { applyRetention } from '../../electron/core/retention';
import type { Store } from '../../electron/core/store';
import { requestBodies } from '../../electron/core/store/request-bodies';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('detail');
const DAY = 86_400_000;

const trace = (target: string): RequestTrace => ({
  attempts: [
    {
      target,
      group: 'chat',
      step: 'first',
      outcome: 'ok',
      status: null,
      message: null,
      startMs: 1,
      durationMs: 5,
      cooldownMs: null,
    },
  ],
  skipped: [],
  queuedMs: 1,
  upstreamTtftMs: 3,
  generationMs: 9,
  reservedUsd: 0.25,
  reservedTokens: 100,
  message: null,
  headers: { 'x-switchyard-deployment': target },
});

const row = (id: string, at: number, extra: Partial<NewRequestLog> = {}): NewRequestLog => ({
  id,
  at,
  keyId: null,
  modelGroup: 'chat',
  deployment: 'sim-a',
  status: 200,
  promptTokens: 3,
  completionTokens: 4,
  costUsd: 0.01,
  latencyMs: 15,
  ttftMs: 4,
  attempts: 1,
  errorClass: null,
  ...extra,
});

const bodies = (requestId: string, at: number) => ({
  requestId,
  at,
  route: 'chat/completions',
  request: { text: '{"model":"chat"}', bytes: 16, truncated: false },
  response: { text: '{"id":"x"}', bytes: 10, truncated: false },
  requestHeaders: { authorization: '[redacted]' },
  redacted: ['header:authorization'],
});

const seqOf = (store: Store, id: string) =>
  (store.db.prepare(`SELECT seq FROM request_logs WHERE id = ?`).get(id) as { seq: number }).seq;

describe('migration 18: the request trace and captured bodies', () => {
  it('adds the trace column and the bodies table with its time index', () => {
    const store = openStore();
    expect(store.schemaVersion).toBeGreaterThanOrEqual(18);
    const columns = (store.db.prepare(`PRAGMA table_info(request_logs)`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toContain('trace');
    const indexes = (store.db.prepare(`PRAGMA index_list(request_bodies)`).all() as { name: string }[]).map(
      (i) => i.name,
    );
    expect(indexes).toContain('request_bodies_at');
  });

  it('writes a row with its trace and its bodies in one batch; the drawer reads both back by seq', async () => {
    const store = openStore();
    const writer = new RequestLogWriter(store);
    const at = Date.now();
    const logged = writer.log(row('req-1', at, { trace: JSON.stringify(trace('sim-a')) }));
    writer.logBodies(bodies('req-1', at));
    writer.log(row('req-2', at + 1));
    expect(store.requestLog.count()).toBe(0); // nothing written synchronously: the batch is at the next turn
    await logged;
    const one = logTrace(store, seqOf(store, 'req-1'));
    expect(one.trace).toEqual(trace('sim-a'));
    expect(one.bodies?.request.text).toBe('{"model":"chat"}');
    expect(one.bodies?.requestHeaders).toEqual({ authorization: '[redacted]' });
    const two = logTrace(store, seqOf(store, 'req-2'));
    expect(two).toEqual({ trace: null, bodies: null });
    expect(() => logTrace(store, 999_999)).toThrow(/No request log row 999999/);
  });

  it('a reused request id finds only the bodies of the row with its start time', async () => {
    const store = openStore();
    const writer = new RequestLogWriter(store);
    const at = Date.now();
    writer.log(row('same', at));
    const last = writer.log(row('same', at + 5));
    writer.logBodies(bodies('same', at + 5));
    await last;
    const seqs = (store.db.prepare(`SELECT seq FROM request_logs ORDER BY seq`).all() as { seq: number }[]).map(
      (r) => r.seq,
    );
    expect(logTrace(store, seqs[0]).bodies).toBeNull();
    expect(logTrace(store, seqs[1]).bodies?.route).toBe('chat/completions');
  });

  it('a writer with logging off keeps no bodies either', async () => {
    const store = openStore();
    const writer = new RequestLogWriter(store, false);
    writer.logBodies(bodies('x', Date.now()));
    writer.flush();
    expect((store.db.prepare(`SELECT count(*) AS n FROM request_bodies`).get() as { n: number }).n).toBe(0);
  });

  it('retention prunes bodies after their own days, and never keeps them past their log rows', async () => {
    const store = openStore();
    const now = Date.now();
    const writer = new RequestLogWriter(store);
    for (const [id, ageDays] of [
      ['new', 1],
      ['week', 8],
      ['month', 20],
    ] as const) {
      writer.log(row(id, now - ageDays * DAY));
      writer.logBodies(bodies(id, now - ageDays * DAY));
    }
    writer.flush();
    const kept = () =>
      (
        store.db.prepare(`SELECT request_id FROM request_bodies ORDER BY at DESC`).all() as { request_id: string }[]
      ).map((r) => r.request_id);
    const clock = { now: () => now };
    store.db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`)
      .run(CAPTURE_SETTING, JSON.stringify({ ...DEFAULT_CAPTURE_SETTINGS, retentionDays: 10 }));
    applyRetention(store, clock as never);
    expect(kept()).toEqual(['new', 'week']);
    expect(store.requestLog.count()).toBe(3); // the log's own 30 days keep every row
    store.settings.update({ retentionDays: 5 });
    applyRetention(store, clock as never);
    expect(kept()).toEqual(['new']);
    expect(requestBodies(store.db).get('new', now - DAY)?.response?.text).toBe('{"id":"x"}');
  });
});

describe('the capture setting', () => {
  it('is off by default; a bad stored field falls back to its default; the policy asks one question when off', () => {
    const store = openStore();
    expect(readCaptureSettings(store)).toEqual(DEFAULT_CAPTURE_SETTINGS);
    const policy = new CapturePolicy(store);
    expect(policy.for(null)).toBeNull();
    expect(policy.for('k1')).toBeNull();
    store.db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`)
      .run(CAPTURE_SETTING, JSON.stringify({ enabled: false, maxBytes: 3, keys: { k1: true } }));
    expect(readCaptureSettings(store).maxBytes).toBe(DEFAULT_CAPTURE_SETTINGS.maxBytes);
    policy.reload();
    expect(policy.for('k1')?.maxBytes).toBe(65_536);
    expect(policy.for('k2')).toBeNull();
    expect(policy.for(null)).toBeNull();
  });
});
