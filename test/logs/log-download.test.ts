// The streamed export of the request log: 50,000 rows from a real data dir through the headless
// admin API's route (POST /api/logs.download, and GET with the input as query parameters), parsed
// back with an RFC 4180 reader and checked row by row against the seeded rows: count, order,
// quoting of commas, quotes and newlines, the formula guard, JSON Lines. Then back-pressure: into a
// slow writer the export waits for 'drain', so what is buffered stays under two chunks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLogExport } from '../../electron/core/logs/log-export';
import { serve, type RunningServer } from '../../electron/core/serve';
import { Store } from '../../electron/core/store';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { bundleEntry } from '../support/bundle';
import { freePort } from '../support/net';

const ROWS = 50_000;
// Recent, so that the retention pass at start keeps them.
const T0 = Date.now() - 2 * 86_400_000;
const TRICKY_ALIAS = 'ops, "night" team';
const FORMULA_ID = '=HYPERLINK("http://x")';
const NEWLINE_ID = 'line one\nline two';

let server: RunningServer;
let base: string;
let token: string;
let seeded: NewRequestLog[];

function rows(keyId: string): NewRequestLog[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    id: i === 10 ? FORMULA_ID : i === 20 ? NEWLINE_ID : `req-${i}`,
    at: T0 + i * 500,
    keyId: i % 2 ? keyId : null,
    modelGroup: i % 5 === 0 ? 'chat' : 'code',
    deployment: 'qwen-8b',
    route: 'chat/completions',
    status: i % 50 === 0 ? 503 : 200,
    promptTokens: i % 1000,
    completionTokens: 7,
    costUsd: (i % 100) / 1000,
    latencyMs: 100 + (i % 7),
    ttftMs: i % 3 ? 12 : null,
    attempts: 1,
    errorClass: i % 50 === 0 ? 'no_healthy_deployment' : null,
  }));
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-log-download-'));
  const store = Store.open(dataDir);
  const keyId = store.keys.create({ alias: TRICKY_ALIAS, models: [] }).info.id;
  seeded = rows(keyId);
  store.requestLog.insertMany(seeded);
  store.close();
  const gatewayEntry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
  server = await serve({ dataDir, port: await freePort(), uiPort: 0, bundleDir: dirname(gatewayEntry), log: () => {} });
  base = server.admin.url;
  token = new URL(server.uiUrl).hash.replace('#token=', '');
}, 60_000);
afterAll(() => server?.close());

/** RFC 4180: records of fields; quoted fields may hold commas, "" and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  expect(field === '' && record.length === 0, 'the text ends in a full record').toBe(true);
  return records;
}

describe('logs.download (streamed export over the admin API)', () => {
  it('streams 50,000 rows as CSV, newest first, quoted so that they parse back exactly', async () => {
    const res = await fetch(`${base}/api/logs.download`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'csv' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="switchyard-requests-.*\.csv"/);
    expect(res.headers.get('content-length'), 'streamed, not sized up front').toBeNull();
    const records = parseCsv(await res.text());
    const [header, ...body] = records;
    expect(header[0]).toBe('time');
    expect(body).toHaveLength(ROWS);
    const col = (name: string) => header.indexOf(name);
    const newestFirst = [...seeded].reverse();
    // Each row as the cells it must have; compared as one string per row (50,000 expects are slow).
    const got = body.map((r) =>
      [
        r.length,
        r[col('time')],
        r[col('request_id')],
        r[col('key_alias')],
        r[col('prompt_tokens')],
        Number(r[col('cost_usd')]).toFixed(6),
        r[col('ttft_ms')],
        r[col('error_kind')],
      ].join('|'),
    );
    const want = newestFirst.map((w) =>
      [
        header.length,
        new Date(w.at).toISOString(),
        w.id === FORMULA_ID ? `'${FORMULA_ID}` : w.id,
        w.keyId ? TRICKY_ALIAS : '',
        w.promptTokens,
        w.costUsd.toFixed(6),
        w.ttftMs === null ? '' : String(w.ttftMs),
        w.errorClass ?? '',
      ].join('|'),
    );
    const firstBad = got.findIndex((g, i) => g !== want[i]);
    expect(firstBad === -1 ? null : { row: firstBad, got: got[firstBad], want: want[firstBad] }).toBeNull();
    const byId = (id: string) => body.find((r) => r[col('request_id')].endsWith(id));
    expect(byId(FORMULA_ID)?.[col('request_id')], 'a formula is defused with a leading quote').toBe(`'${FORMULA_ID}`);
    expect(byId(NEWLINE_ID)?.[col('request_id')]).toBe(NEWLINE_ID);
  });

  it('streams the filtered log as JSON Lines by GET, the input as query parameters', async () => {
    const filter = JSON.stringify({ modelGroup: 'chat', statusClass: '2xx' });
    const res = await fetch(
      `${base}/api/logs.download?format=jsonl&filter=${encodeURIComponent(filter)}&token=${encodeURIComponent(token)}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trimEnd().split('\n');
    const want = seeded.filter((r) => r.modelGroup === 'chat' && r.status < 300).reverse();
    expect(lines).toHaveLength(want.length);
    const parsed = lines.map(
      (l) => JSON.parse(l) as { id: string; at: string; keyAlias: string | null; ttftMs: number | null },
    );
    expect(parsed.map((p) => p.id)).toEqual(want.map((w) => w.id));
    expect(parsed[0].at).toBe(new Date(want[0].at).toISOString());
    expect(parsed.find((p) => p.keyAlias)?.keyAlias).toBe(TRICKY_ALIAS);
  });

  it('refuses a bad input in the admin API error shape, and a missing token', async () => {
    const bad = await fetch(`${base}/api/logs.download`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'xlsx', filter: { statusClass: '3xx' } }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/logs\.download: .*format/);
    expect(body.error.message).toMatch(/filter\.statusClass/);
    const anonymous = await fetch(`${base}/api/logs.download?format=csv`);
    expect(anonymous.status).toBe(401);
  });
});

describe('writeLogExport back-pressure', () => {
  it('waits for a slow writer to drain: less than two chunks are ever buffered', async () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-log-drain-')));
    try {
      store.requestLog.insertMany(rows('k').slice(0, 20_000));
      let maxBuffered = 0;
      let received = 0;
      const slow = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _enc, done) {
          received += chunk.length;
          setTimeout(done, 1);
        },
      });
      const watch = setInterval(() => {
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
      }, 0);
      const written = await writeLogExport(store, {}, 'jsonl', slow, 1000);
      clearInterval(watch);
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
      expect(written).toBe(20_000);
      // One chunk of 1,000 JSON lines is some 350 kB; the whole export several MB. The export
      // reads the next chunk while one is being written, and waits once more than one is waiting.
      const chunkBytes = (received / 20_000) * 1000;
      expect(received).toBeGreaterThan(10 * chunkBytes);
      expect(maxBuffered).toBeLessThan(2.2 * chunkBytes);
    } finally {
      store.close();
    }
  });
});
