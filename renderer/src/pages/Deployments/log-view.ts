// The log viewer's lines: terminal colour codes removed, and with a search, each line split into
// matching and other parts (for <mark>), optionally only the lines that match.

export interface LogSegment {
  text: string;
  match: boolean;
}
export interface LogRow {
  n: number;
  segments: LogSegment[];
  match: boolean;
}
export interface LogView {
  rows: LogRow[];
  matches: number;
  total: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}

/** Splits a line around every case-insensitive occurrence of `query`. */
export function splitMatches(line: string, query: string): LogSegment[] {
  if (!query) return [{ text: line, match: false }];
  const hay = line.toLowerCase();
  const needle = query.toLowerCase();
  const out: LogSegment[] = [];
  let from = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) {
    if (i > from) out.push({ text: line.slice(from, i), match: false });
    out.push({ text: line.slice(i, i + needle.length), match: true });
    from = i + needle.length;
  }
  if (from < line.length || out.length === 0) out.push({ text: line.slice(from), match: false });
  return out;
}

export function logView(lines: readonly string[], query: string, onlyMatching: boolean): LogView {
  const q = query.trim();
  let matches = 0;
  const rows: LogRow[] = [];
  lines.forEach((raw, i) => {
    const segments = splitMatches(stripAnsi(raw), q);
    const match = q !== '' && segments.some((s) => s.match);
    if (match) matches++;
    if (onlyMatching && q && !match) return;
    rows.push({ n: i + 1, segments, match });
  });
  return { rows, matches, total: lines.length };
}
