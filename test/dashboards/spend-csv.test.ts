// The Spend CSV export on a real SQLite file: one row per point per series, escaping of what users
// typed, figures that add up to the Spend table.
import { describe, expect, it } from 'vitest';
import { csvField, SPEND_CSV_HEADER, spendCsv } from '../../electron/core/dashboards/spend-csv';
import { spendReport } from '../../electron/core/dashboards/spend';
import { useTempStores } from '../support/temp-store';
import { requestRow } from './support';

const { openStore } = useTempStores('dashboards-csv');

const T0 = Date.UTC(2026, 9, 1);
const HOUR = 3_600_000;

/** A minimal RFC 4180 reader, to check the writer from the other side. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('dashboards.spendCsv', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-1.5)).toBe('-1.5');
  });

  it('writes one row per point per series that the Spend table adds up to', () => {
    const store = openStore();
    const nasty = store.keys.create({ alias: 'ops, "night"\nshift', models: [] }).info;
    const plain = store.keys.create({ alias: 'plain', models: [] }).info;
    const dims = (keyId: string | null) => ({ keyId, teamId: null, modelGroup: 'g', deployment: 'd' });
    store.requestLog.insertMany([
      requestRow(T0 + 10, dims(nasty.id), { costUsd: 0.25, promptTokens: 7, completionTokens: 3 }),
      requestRow(T0 + 20, dims(nasty.id), { costUsd: 0.5, status: 500, promptTokens: 1, completionTokens: 0 }),
      requestRow(T0 + HOUR + 5, dims(plain.id), { costUsd: 1 }),
      requestRow(T0 + 2 * HOUR + 5, dims(null), { costUsd: 0.125 }),
    ]);
    const { filename, csv } = spendCsv(store, T0, T0 + 24 * HOUR, 'key');
    expect(filename).toBe('switchyard-spend-key-2026-10-01T0000Z-2026-10-02T0000Z.csv');
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(SPEND_CSV_HEADER);
    expect(rows).toEqual([
      [new Date(T0).toISOString(), nasty.id, 'ops, "night"\nshift', '2', '1', '8', '3', '11', '0.75'],
      [new Date(T0 + HOUR).toISOString(), plain.id, 'plain', '1', '0', '100', '20', '120', '1'],
      [
        new Date(T0 + 2 * HOUR).toISOString(),
        '',
        'No key (master key or refused)',
        '1',
        '0',
        '100',
        '20',
        '120',
        '0.125',
      ],
    ]);
    const report = spendReport(store, T0, T0 + 24 * HOUR, 'key');
    for (const t of report.totals) {
      const sum = rows.filter((r) => r[1] === t.id).reduce((s, r) => s + Number(r[8]), 0);
      expect(sum).toBeCloseTo(t.costUsd, 12);
    }
  });

  it('merges buckets into the points the chart shows, keeping every sum', () => {
    const store = openStore();
    const dims = (modelGroup: string) => ({ keyId: null, teamId: null, modelGroup, deployment: 'd' });
    const rows = Array.from({ length: 200 }, (_, i) =>
      requestRow(T0 + i * 71 * 60_000, dims(i % 3 ? 'chat' : 'code'), { costUsd: (i % 7) / 100 }),
    );
    store.requestLog.insertMany(rows);
    const to = T0 + 10 * 24 * HOUR;
    const { csv } = spendCsv(store, T0, to, 'modelGroup', 4);
    const [, ...lines] = parseCsv(csv);
    const times = [...new Set(lines.map((l) => l[0]))];
    expect(times).toEqual([0, 3, 6, 9].map((d) => new Date(T0 + d * 24 * HOUR).toISOString()));
    for (const group of ['chat', 'code']) {
      const mine = rows.filter((r) => r.modelGroup === group && r.at < to);
      const written = lines.filter((l) => l[1] === group);
      expect(written.reduce((s, l) => s + Number(l[3]), 0)).toBe(mine.length);
      expect(written.reduce((s, l) => s + Number(l[8]), 0)).toBeCloseTo(
        mine.reduce((s, r) => s + r.costUsd, 0),
        9,
      );
    }
  });

  it('is a header alone for an empty store', () => {
    const { csv } = spendCsv(openStore(), T0, T0 + HOUR, 'team');
    expect(csv).toBe(`${SPEND_CSV_HEADER.join(',')}\r\n`);
  });
});
