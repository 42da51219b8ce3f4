// The export's hand-written lines (electron/core/logs/log-lines.ts) against straightforward
// references, over rows with awkward values — quotes, commas, line breaks, formula starters,
// unicode, nulls, integers past 2^53, tiny and huge and infinite numbers — made by fast-check and
// written to a real SQLite file, then exported in small keyset chunks:
// - JSON Lines: each line is JSON that parses to the row's LogRow (integers to their exact digits);
// - CSV: the text parses (RFC 4180) to the header and each row's cells, formula cells prefixed;
// - both read the same as the lines SQLite used to write itself (the statement kept below), cell
//   for cell; only numbers are spelled differently where they were (12.0 → 12, 1.0e-07 → 1e-7,
//   17 digits → the shortest that reads back as the same number), and a CSV cell holding a NUL is
//   now quoted when it must be (SQLite's GLOB stopped at the NUL and left the line broken).
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, writeLogExport } from '../../electron/core/logs/log-export';
import type { Store } from '../../electron/core/store';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('logs-export-lines');

/** Text that a CSV or a JSON writer can get wrong. */
const awkward = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '=1+1',
    '-2',
    '+3',
    '@SUM(A1)',
    '\tx',
    '\rx',
    'a,"b"\nc',
    'ü😀\u2028\u0000\u007f\b\f\\',
    '\u0000\n',
  ),
);
/** STRICT INTEGER: any int64. */
const int64 = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 0n, max: 10_000n }),
  fc.constantFrom(2n ** 53n + 1n, -(2n ** 53n) - 1n),
);
/** STRICT REAL: any double but NaN (SQLite stores NaN as NULL). */
const real = fc.oneof(
  fc.double({ noNaN: true }),
  fc.double({ min: 0, max: 10_000, noNaN: true }),
  fc.constantFrom(0, -0, 12, 0.1, 1e-7, 1e21, 5e-324, Infinity, -Infinity),
);
/** Epoch ms in years 1970–9999, where SQLite's and Date's ISO times agree. */
const at = fc.integer({ min: 0, max: 253_402_300_799_999 });

const row = fc.record({
  id: awkward,
  at,
  key: fc.constantFrom(0, 1, 2, 3),
  team: fc.constantFrom(0, 1, 2),
  modelGroup: fc.option(awkward),
  deployment: fc.option(awkward),
  route: fc.option(awkward),
  status: int64,
  errorClass: fc.option(awkward),
  promptTokens: int64,
  completionTokens: int64,
  costUsd: real,
  latencyMs: real,
  ttftMs: fc.option(real),
  attempts: int64,
});
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

/** Keys and teams with awkward names; index 0 is none, and the last key's id is not in the table. */
function names(store: Store) {
  const teams = [null, store.teams.create({ alias: '=team,"one"' }).id, store.teams.create({ alias: 'équipe\n2' }).id];
  const keys = [
    null,
    store.keys.create({ alias: '@key "a"', models: [] }).info.id,
    store.keys.create({ alias: 'b\r\nkey', models: [] }).info.id,
    'deleted-key',
  ];
  return { keys, teams };
}

function insert(store: Store, rows: Row[], ids: ReturnType<typeof names>) {
  store.db.exec('DELETE FROM request_logs');
  const insertRow = store.db.prepare(`INSERT INTO request_logs (id, at, key_id, team_id, model_group, deployment, route,
    status, error_class, prompt_tokens, completion_tokens, cost_usd, latency_ms, ttft_ms, attempts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of rows)
    insertRow.run(
      r.id,
      r.at,
      ids.keys[r.key],
      ids.teams[r.team],
      r.modelGroup,
      r.deployment,
      r.route,
      r.status,
      r.errorClass,
      r.promptTokens,
      r.completionTokens,
      r.costUsd,
      r.latencyMs,
      r.ttftMs,
      r.attempts,
    );
}

async function exported(store: Store, format: 'csv' | 'jsonl'): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await writeLogExport(store, {}, format, out, 7);
  return text;
}

/**
 * RFC 4180, strictly: records of fields ending in LF; only a quoted field may hold a quote (as ""),
 * a comma or a line break, and a quote may only open a field and close it.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let closed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        closed = true;
      } else field += c;
      continue;
    }
    if (closed && c !== ',' && c !== '\n') throw new Error(`text after a closing quote at ${i}`);
    if (c === '"' && field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
    if (c === '\r') throw new Error(`a CR outside quotes at ${i}`);
    if (c !== '"') closed = false;
    if (c === '"') quoted = true;
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
  expect(field === '' && record.length === 0, 'the text ends with a line break').toBe(true);
  return records;
}

/** The rows as SQLite holds them, newest first, integers exact; aliases by join. */
function stored(store: Store) {
  return store.db
    .prepare(`SELECT l.seq, l.id, l.at, l.key_id AS keyId, k.alias AS keyAlias, k.prefix AS keyPrefix, l.team_id AS teamId,
      t.alias AS teamAlias, l.model_group AS modelGroup, l.deployment, l.route, l.status, l.prompt_tokens AS promptTokens,
      l.completion_tokens AS completionTokens, l.cost_usd AS costUsd, l.latency_ms AS latencyMs, l.ttft_ms AS ttftMs,
      l.attempts, l.error_class AS errorClass
      FROM request_logs l LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id
      ORDER BY l.at DESC, l.seq DESC`)
    .safeIntegers(true)
    .all() as Array<Record<string, bigint | number | string | null>>;
}

const INTEGERS = ['seq', 'status', 'promptTokens', 'completionTokens', 'attempts'];
const REAL_COLUMNS = ['cost_usd', 'latency_ms', 'ttft_ms'];
/** A number cell read back (SQLite spelled infinity Inf, JavaScript Infinity). */
const asNumber = (cell: string) => (cell === '' ? '' : Number(cell.replace(/^(-?)Inf$/, '$1Infinity')));
const iso = (at: bigint) => new Date(Number(at)).toISOString();
/** What JSON.parse makes of a number written exactly. */
const asParsed = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v === 0 ? 0 : v);

/** A CSV text cell as the export promises: empty for null, ' before a formula's first character. */
const csvCell = (v: unknown) => (v === null ? '' : /^[-=+@\t\r]/.test(String(v)) ? `'${v}` : String(v));

describe('the export lines', () => {
  it('JSON Lines parse to each row, and CSV to its cells, as the old SQLite-written lines did', async () => {
    const store = openStore();
    const ids = names(store);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), async (rows) => {
        insert(store, rows, ids);
        const expected = stored(store);
        const json = (await exported(store, 'jsonl')).split('\n');
        expect(json.pop()).toBe('');
        expect(json).toHaveLength(expected.length);
        const oldJson = store.db.prepare(`SELECT ${OLD_JSON_LINE} ${OLD_FROM}`).pluck().all() as string[];
        json.forEach((line, i) => {
          const want = Object.fromEntries(
            Object.entries(expected[i]).map(([k, v]) => [k, k === 'at' ? iso(v as bigint) : asParsed(v)]),
          );
          expect(JSON.parse(line)).toEqual(want);
          for (const k of INTEGERS) expect(line).toContain(`"${k}":${expected[i][k]},`);
          expect(JSON.parse(line)).toEqual(JSON.parse(oldJson[i]));
        });

        const csv = parseCsv(await exported(store, 'csv'));
        const withNul = expected.some((r) =>
          Object.values(r).some((v) => typeof v === 'string' && v.includes('\u0000')),
        );
        expect(csv[0]).toEqual(CSV_COLUMNS);
        const oldCsv = withNul
          ? []
          : parseCsv(
              `${CSV_COLUMNS.join(',')}\n${(store.db.prepare(`SELECT ${OLD_CSV_LINE} ${OLD_FROM}`).pluck().all() as string[]).map((l) => `${l}\n`).join('')}`,
            );
        expect(csv).toHaveLength(expected.length + 1);
        expected.forEach((r, i) => {
          const cells = csv[i + 1];
          const byName = Object.fromEntries(CSV_COLUMNS.map((c, j) => [c, cells[j]]));
          expect(cells).toHaveLength(CSV_COLUMNS.length);
          expect(byName.time).toBe(iso(r.at as bigint));
          for (const [column, field] of [
            ['request_id', 'id'],
            ['key_id', 'keyId'],
            ['key_alias', 'keyAlias'],
            ['team_id', 'teamId'],
            ['team_alias', 'teamAlias'],
            ['model_group', 'modelGroup'],
            ['served_target', 'deployment'],
            ['route', 'route'],
            ['error_kind', 'errorClass'],
          ])
            expect(byName[column], column).toBe(csvCell(r[field]));
          for (const [column, field] of [
            ['status', 'status'],
            ['prompt_tokens', 'promptTokens'],
            ['completion_tokens', 'completionTokens'],
            ['attempts', 'attempts'],
          ])
            expect(byName[column], column).toBe(String(r[field]));
          for (const [column, field] of [
            ['cost_usd', 'costUsd'],
            ['latency_ms', 'latencyMs'],
            ['ttft_ms', 'ttftMs'],
          ]) {
            const want = r[field] === null ? '' : String(r[field]);
            expect(byName[column] === '' ? '' : Number(byName[column]), column).toEqual(
              want === '' ? '' : Number(want),
            );
          }
          // Against the old lines: text cells byte for byte, numbers the same number. SQLite's GLOB
          // stopped at a NUL, so an old line with one went unquoted and broke the file: not compared.
          if (withNul) return;
          const old = oldCsv[i + 1];
          CSV_COLUMNS.forEach((column, j) => {
            if (REAL_COLUMNS.includes(column))
              expect(asNumber(cells[j]), `${column}: the same number as before`).toEqual(asNumber(old[j]));
            else expect(cells[j], `${column} as before`).toBe(old[j]);
          });
        });
      }),
      { numRuns: Number(process.env.LOG_LINES_RUNS ?? 40) },
    );
  }, 60_000);
});

// The lines as SQLite wrote them before the export built them itself: kept as the reference
// they must read the same as.
const OLD_ISO_TIME = (c: string) =>
  `(strftime('%Y-%m-%dT%H:%M:%S', ${c} / 1000, 'unixepoch') || printf('.%03dZ', ${c} % 1000))`;
const OLD_QUOTED = (v: string) =>
  `(CASE WHEN ${v} GLOB '*[",\n\r]*' THEN '"' || replace(${v}, '"', '""') || '"' ELSE ${v} END)`;
const OLD_TEXT = (c: string) =>
  `coalesce(CASE WHEN ${c} GLOB '[-=+@\t\r]*' THEN ${OLD_QUOTED(`'''' || ${c}`)} ELSE ${OLD_QUOTED(c)} END, '')`;
const OLD_REAL = (c: string) =>
  `coalesce(CASE WHEN ${c} = CAST(${c} AS INTEGER) THEN CAST(CAST(${c} AS INTEGER) AS TEXT) ELSE ${c} END, '')`;
const OLD_CSV_LINE = [
  OLD_ISO_TIME('l.at'),
  OLD_TEXT('l.id'),
  OLD_TEXT('l.key_id'),
  OLD_TEXT('k.alias'),
  OLD_TEXT('l.team_id'),
  OLD_TEXT('t.alias'),
  OLD_TEXT('l.model_group'),
  OLD_TEXT('l.deployment'),
  OLD_TEXT('l.route'),
  `coalesce(l.status, '')`,
  OLD_TEXT('l.error_class'),
  `coalesce(l.prompt_tokens, '')`,
  `coalesce(l.completion_tokens, '')`,
  OLD_REAL('l.cost_usd'),
  OLD_REAL('l.latency_ms'),
  OLD_REAL('l.ttft_ms'),
  `coalesce(l.attempts, '')`,
].join(" || ',' || ");
const OLD_JSON_LINE = `json_object('seq', l.seq, 'id', l.id, 'at', ${OLD_ISO_TIME('l.at')}, 'keyId', l.key_id, 'keyAlias', k.alias,
  'keyPrefix', k.prefix, 'teamId', l.team_id, 'teamAlias', t.alias, 'modelGroup', l.model_group, 'deployment', l.deployment,
  'route', l.route, 'status', l.status, 'promptTokens', l.prompt_tokens, 'completionTokens', l.completion_tokens,
  'costUsd', l.cost_usd, 'latencyMs', l.latency_ms, 'ttftMs', l.ttft_ms, 'attempts', l.attempts, 'errorClass', l.error_class)`;
const OLD_FROM = `FROM request_logs l LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id
  ORDER BY l.at DESC, l.seq DESC`;
