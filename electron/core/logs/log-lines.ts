// One request-log row as a line of the export: CSV (RFC 4180 quoting; a cell that a spreadsheet
// would run as a formula is prefixed with ') or JSON Lines (the LogRow shape, `at` as ISO 8601 UTC
// with milliseconds). Pure and hand-written: the rows come from SQLite as arrays
// (EXPORT_COLUMNS, in that order) and each line is one string concatenation, with no object per
// row and no JSON.stringify of a whole row (about 100,000 rows per CPU second; README, Dashboards
// bench). Numbers are written as JavaScript writes them (the shortest text that reads back as the
// same number: 0.1, 12, 1e-7); integers beyond 2^53 arrive as their exact digits (text).

/**
 * The columns an export row is read with (over l, the request log), in the order the line
 * builders index them. Integer counts beyond 2^53 come as text, so that no digit is lost.
 */
export const EXPORT_COLUMNS = [
  'l.seq',
  'l.id',
  'l.at',
  'l.key_id',
  'l.team_id',
  'l.model_group',
  'l.deployment',
  'l.route',
  exactInteger('l.status'),
  'l.error_class',
  exactInteger('l.prompt_tokens'),
  exactInteger('l.completion_tokens'),
  'l.cost_usd',
  'l.latency_ms',
  'l.ttft_ms',
  exactInteger('l.attempts'),
].join(', ');

function exactInteger(column: string): string {
  return `CASE WHEN ${column} BETWEEN -9007199254740991 AND 9007199254740991 THEN ${column} ELSE CAST(${column} AS TEXT) END`;
}

/** A row as SQLite returns EXPORT_COLUMNS: [seq, id, at, key, team, group, target, route, status, error, …]. */
export type ExportRow = [
  seq: number,
  id: string,
  at: number,
  keyId: string | null,
  teamId: string | null,
  modelGroup: string | null,
  deployment: string | null,
  route: string | null,
  status: number | string,
  errorClass: string | null,
  promptTokens: number | string,
  completionTokens: number | string,
  costUsd: number,
  latencyMs: number,
  ttftMs: number | null,
  attempts: number | string,
];

/** What a row's key and team are called; looked up once per key and team by the export. */
export interface ExportNames {
  key(id: string): { alias: string | null; prefix: string } | null;
  team(id: string): string | null;
}

export const CSV_COLUMNS = [
  'time',
  'request_id',
  'key_id',
  'key_alias',
  'team_id',
  'team_alias',
  'model_group',
  'served_target',
  'route',
  'status',
  'error_kind',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'latency_ms',
  'ttft_ms',
  'attempts',
];

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\n`;

const DAY_MS = 86_400_000;
/** Dates Date can write: ±8.64e15 ms. */
const MAX_DATE_MS = 8.64e15;

/**
 * Epoch ms as ISO 8601 UTC with milliseconds, exactly as Date.toISOString writes it. Rows come in
 * time order, so the date part is made once per day and the time of day by arithmetic; a time
 * outside Date's range is written as its epoch ms.
 */
export class IsoTime {
  private day = Number.NaN;
  private prefix = '';

  format(at: number): string {
    if (!(at >= 0 && at < MAX_DATE_MS))
      return at >= -MAX_DATE_MS && at <= MAX_DATE_MS ? new Date(at).toISOString() : String(at);
    const day = Math.floor(at / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, -13);
    }
    let ms = at - day * DAY_MS;
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const s = Math.floor(ms / 1000);
    ms -= s * 1000;
    return `${this.prefix}${two(h)}:${two(m)}:${two(s)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
  }
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** A cell that needs quotes holds " , LF or CR; one a spreadsheet would run starts with - = + @ TAB or CR. */
const NEEDS_QUOTES = /[",\n\r]/;
const FORMULA = /^[-=+@\t\r]/;
const QUOTE = /"/g;

/** A text cell: empty for null, ' before a formula's first character, quoted when it must be. */
export function csvText(value: string | null): string {
  if (value === null) return '';
  const cell = FORMULA.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell;
}

/** A number cell: empty for null; ±Infinity as JavaScript writes it. */
const csvNumber = (value: number | string | null): string => (value === null ? '' : `${value}`);

/** What JSON must escape in a string (a lone surrogate cannot come from SQLite's UTF-8). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000–U+001F are what JSON must escape.
const JSON_ESCAPES = /["\\\u0000-\u001f]/;

/** A JSON string, or null; JSON.stringify only for the few strings that need escaping. */
const jsonText = (value: string | null): string =>
  value === null ? 'null' : JSON_ESCAPES.test(value) ? JSON.stringify(value) : `"${value}"`;

/** A JSON number (or null); ±Infinity, which JSON has no word for, as 9e999 (reads back as ±Infinity). */
function jsonNumber(value: number | null): string {
  if (value === null) return 'null';
  if (Number.isFinite(value)) return `${value}`;
  return value > 0 ? '9e999' : '-9e999';
}

/** Distinct values a memo keeps before it starts again (columns like the group have a handful). */
const MEMO_VALUES = 10_000;

/** `encode(value)` once per distinct value of a column with few of them (groups, targets, keys). */
function memo<T>(encode: (value: T) => string): (value: T) => string {
  const cells = new Map<T, string>();
  return (value) => {
    let cell = cells.get(value);
    if (cell === undefined) {
      if (cells.size >= MEMO_VALUES) cells.clear();
      cell = encode(value);
      cells.set(value, cell);
    }
    return cell;
  };
}

/**
 * The lines of one export: its times (IsoTime) and, encoded once per distinct value, the cells of
 * the columns with few values — key (id, alias, prefix), team (id, alias), group, target, route,
 * error kind — so a line is mostly the id, the time and the numbers.
 */
export class ExportLines {
  private readonly time = new IsoTime();
  private readonly csvCell = memo(csvText);
  private readonly jsonCell = memo(jsonText);
  private readonly csvKey = memo((id: string | null) => {
    const key = id === null ? null : this.names.key(id);
    return `${csvText(id)},${csvText(key ? key.alias : null)}`;
  });
  private readonly csvTeam = memo(
    (id: string | null) => `${csvText(id)},${csvText(id === null ? null : this.names.team(id))}`,
  );
  private readonly jsonKey = memo((id: string | null) => {
    const key = id === null ? null : this.names.key(id);
    return `"keyId":${jsonText(id)},"keyAlias":${jsonText(key ? key.alias : null)},"keyPrefix":${jsonText(key ? key.prefix : null)}`;
  });
  private readonly jsonTeam = memo(
    (id: string | null) => `"teamId":${jsonText(id)},"teamAlias":${jsonText(id === null ? null : this.names.team(id))}`,
  );

  constructor(private readonly names: ExportNames) {}

  csv(r: ExportRow): string {
    const cell = this.csvCell;
    return `${this.time.format(r[2])},${csvText(r[1])},${this.csvKey(r[3])},${this.csvTeam(r[4])},${cell(r[5])},${cell(r[6])},${cell(r[7])},${r[8]},${cell(r[9])},${r[10]},${r[11]},${r[12]},${r[13]},${csvNumber(r[14])},${r[15]}\n`;
  }

  json(r: ExportRow): string {
    const cell = this.jsonCell;
    return `{"seq":${r[0]},"id":${jsonText(r[1])},"at":"${this.time.format(r[2])}",${this.jsonKey(r[3])},${this.jsonTeam(r[4])},"modelGroup":${cell(r[5])},"deployment":${cell(r[6])},"route":${cell(r[7])},"status":${r[8]},"promptTokens":${r[10]},"completionTokens":${r[11]},"costUsd":${jsonNumber(r[12])},"latencyMs":${jsonNumber(r[13])},"ttftMs":${jsonNumber(r[14])},"attempts":${r[15]},"errorClass":${cell(r[9])}}\n`;
  }
}

/**
 * Lines encoded as UTF-8 one after another into one Buffer (buffer.write at the end of the last),
 * so that no chunk-long string is built only to be encoded again. Starts at `capacity` bytes and
 * doubles when a line might not fit.
 */
export class LineBytes {
  private buffer: Buffer;
  private end = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 64));
  }

  add(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    const most = line.length * 3;
    if (this.buffer.length - this.end < most) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.end + most));
      this.buffer.copy(grown, 0, 0, this.end);
      this.buffer = grown;
    }
    this.end += this.buffer.write(line, this.end, 'utf8');
  }

  /** The bytes added so far (a view of the buffer, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.end);
  }
}
