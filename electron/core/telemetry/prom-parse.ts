// Prometheus text exposition (format 0.0.4, what vLLM's prometheus_client prints) → typed
// families and samples. Pure. Strict like Prometheus itself: a malformed line fails the whole
// page with the line number, so a half-read scrape is never stored as if it were whole.

export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  /** The sample's own name, suffix included (`vllm:prompt_tokens_total`, `…_bucket`). */
  name: string;
  labels: Record<string, string>;
  /** NaN, +Inf and -Inf are kept as JS NaN/±Infinity. */
  value: number;
  /** The optional timestamp, epoch ms; null when absent. */
  timestampMs: number | null;
}

export interface PromFamily {
  /** As the TYPE line names it (counters keep `_total` when the page does). */
  name: string;
  type: PromType;
  help: string | null;
  samples: PromSample[];
}

export interface PromExposition {
  /** By family name, in page order. */
  families: Map<string, PromFamily>;
}

export class PromParseError extends Error {
  constructor(
    readonly line: number,
    reason: string,
    text: string,
  ) {
    super(`Prometheus text, line ${line}: ${reason} (in "${text.length > 120 ? `${text.slice(0, 120)}…` : text}")`);
    this.name = 'PromParseError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES: readonly PromType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
/** Suffixes by which a sample belongs to a family named without them. */
const SUFFIXES: Partial<Record<PromType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  summary: ['_count', '_sum', '_created'],
};

const NUMBER = /^([+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?|nan|[+-]?inf)$/i;

/** A number as Prometheus writes it: Go/Python floats, NaN, +Inf/-Inf (any case, `inf` too); null if not one. */
export function parsePromNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Reads `{a="x",b="y"}` from `line` at `start` (the `{`); returns the labels and the index after `}`. */
function readLabels(line: string, start: number, lineNo: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const fail = (reason: string): never => {
    throw new PromParseError(lineNo, reason, line);
  };
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(line.slice(i))?.[0] ?? fail(`a label name was expected at column ${i + 1}`);
    i += name.length;
    while (line[i] === ' ') i++;
    if (line[i] !== '=') fail(`"=" was expected after label ${name}`);
    i++;
    while (line[i] === ' ') i++;
    if (line[i] !== '"') fail(`label ${name} has no quoted value`);
    i++;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) fail(`label ${name}'s value is not closed`);
      if (c === '"') break;
      if (c === '\\') {
        const next = line[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else fail(`label ${name} has an unknown escape \\${next ?? ''}`);
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    if (name in labels) fail(`label ${name} is repeated`);
    labels[name] = value;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') fail(`"," or "}" was expected after label ${name}`);
  }
}

export function parsePrometheusText(text: string): PromExposition {
  const families = new Map<string, PromFamily>();
  const family = (name: string): PromFamily => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: null, samples: [] };
      families.set(name, f);
    }
    return f;
  };
  // The family a sample name belongs to: itself, or a typed family it is a suffix of.
  const owner = (sampleName: string): PromFamily => {
    const exact = families.get(sampleName);
    if (exact) return exact;
    const base = sampleName.replace(/_(total|created|bucket|count|sum)$/, '');
    const f = families.get(base);
    if (f && base !== sampleName && SUFFIXES[f.type]?.includes(sampleName.slice(base.length))) return f;
    return family(sampleName);
  };

  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    const lineNo = n + 1;
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (trimmed.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(trimmed);
      if (!m) continue; // any other comment
      const [, keyword, name, rest = ''] = m;
      if (!NAME.test(name) || NAME.exec(name)![0] !== name)
        throw new PromParseError(lineNo, `bad metric name ${name}`, line);
      if (keyword === 'HELP') family(name).help = unescapeHelp(rest);
      else {
        const type = rest.trim() as PromType;
        if (!TYPES.includes(type)) throw new PromParseError(lineNo, `unknown metric type "${rest.trim()}"`, line);
        family(name).type = type;
      }
      continue;
    }

    const name = NAME.exec(trimmed)?.[0];
    if (!name) throw new PromParseError(lineNo, 'a metric name was expected', line);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (trimmed[i] === '{') ({ labels, end: i } = readLabels(trimmed, i, lineNo));
    const fields = trimmed.slice(i).trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || !fields[0])
      throw new PromParseError(lineNo, 'a value (and optional timestamp) was expected', line);
    const value = parsePromNumber(fields[0]);
    if (value === null) throw new PromParseError(lineNo, `"${fields[0]}" is not a number`, line);
    let timestampMs: number | null = null;
    if (fields.length === 2) {
      if (!/^-?\d+$/.test(fields[1])) throw new PromParseError(lineNo, `"${fields[1]}" is not a timestamp in ms`, line);
      timestampMs = Number(fields[1]);
    }
    owner(name).samples.push({ name, labels, value, timestampMs });
  }
  return { families };
}
