// Turns the measured cells into the printed report: a table per workload and the targets from
// issue 5 with PASS/MISS.
import type { CellSummary } from './rounds';

export interface Target {
  what: string;
  /** The measured figure, formatted; null when it could not be measured. */
  value: string | null;
  goal: string;
  /** null: not judged (a skipped peer, or a figure reported without a target). */
  met: boolean | null;
  /** Why it was not measured, the spread over rounds, or a caveat worth printing beside it. */
  note?: string;
  /** The rounds fell on both sides of the goal: the verdict (from the median) is not firm. */
  unsure?: boolean;
}

/** One line of the bench's output. */
export const log = (line = '') => process.stdout.write(`${line}\n`);

export const fmtMs = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function throughputTable(cells: CellSummary[]): string {
  return table(
    ['path', 'concurrency', 'requests/s', '(min–max)', 'p50 ms', 'p99 ms', 'CPU µs/req', 'ok', 'errors'],
    cells.map((c) => [
      c.path,
      String(c.concurrency),
      int(c.requestsPerS),
      `${int(c.minRequestsPerS)}–${int(c.maxRequestsPerS)}`,
      fmtMs(c.p50Ms),
      fmtMs(c.p99Ms),
      int(c.cpuUsPerRequest),
      int(c.ok),
      String(c.errors),
    ]),
  );
}

export function ttftTable(cells: CellSummary[]): string {
  return table(
    ['path (stream: true)', 'concurrency', 'TTFT p50 ms', 'TTFT p99 ms', 'streams/s', 'CPU µs/req', 'ok', 'errors'],
    cells.map((c) => [
      c.path,
      String(c.concurrency),
      fmtMs(c.p50Ms),
      fmtMs(c.p99Ms),
      int(c.requestsPerS),
      int(c.cpuUsPerRequest),
      int(c.ok),
      String(c.errors),
    ]),
  );
}

export function targetsTable(targets: Target[]): string {
  const verdict = (t: Target) =>
    t.met === null ? (t.value === null ? 'SKIP' : 'INFO') : (t.met ? 'PASS' : 'MISS') + (t.unsure ? '?' : '');
  return (
    table(
      ['target', 'measured', 'goal', 'verdict'],
      targets.map((t) => [t.what, t.value ?? 'n/a', t.goal, verdict(t)]),
    ) +
    targets
      .filter((t) => t.note)
      .map((t) => `\n  * ${t.what}: ${t.note}`)
      .join('') +
    (targets.some((t) => t.unsure && t.met !== null)
      ? '\n  ? the rounds fell on both sides of the goal: the verdict, taken from the median, is not firm (a busy machine, or a figure close to its goal)'
      : '')
  );
}

export function errorNotes(cells: CellSummary[]): string[] {
  return cells
    .filter((c) => c.errors > 0)
    .map(
      (c) =>
        `${c.path} at concurrency ${c.concurrency}${c.stream ? ' (stream)' : ''}: ${c.errors} errors, the first: ${c.firstError}`,
    );
}
