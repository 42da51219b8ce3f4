// Redaction and the size cap of captured bodies, pure: JSON paths (`messages[*].content`,
// `api_key`, `input[0].text`, anchored at the body's root) and header names are replaced by
// "[redacted]"; an event stream is redacted event by event; then the text is cut at the cap on a
// character boundary and flagged truncated.
import type { CapturedBody } from '../../../shared/contract-capture';

export const REDACTED = '[redacted]';

/** Header names whose values are never stored, whatever the setting says. */
export const ALWAYS_REDACTED_HEADERS = ['authorization', 'x-api-key', 'proxy-authorization'];

type Segment = { key: string } | { index: number } | { any: true };

const parsed = new Map<string, Segment[]>();

/** `messages[*].content` → key messages, any item, key content. */
export function pathSegments(path: string): Segment[] {
  const known = parsed.get(path);
  if (known) return known;
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[(?:\*|\d+)\])*)$/.exec(part);
    if (!m) throw new Error(`not a JSON path: ${path}`);
    segments.push({ key: m[1] });
    for (const [, i] of m[2].matchAll(/\[(\*|\d+)\]/g)) segments.push(i === '*' ? { any: true } : { index: Number(i) });
  }
  if (parsed.size > 1000) parsed.clear();
  parsed.set(path, segments);
  return segments;
}

/** Replaces what `path` names in `value` (in place); true when something was replaced. */
function redactAt(value: unknown, segments: Segment[], from: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const seg = segments[from];
  const last = from === segments.length - 1;
  const container = value as Record<string, unknown> & unknown[];
  const keys: Array<string | number> =
    'any' in seg
      ? Array.isArray(value)
        ? value.map((_, i) => i)
        : []
      : 'index' in seg
        ? Array.isArray(value) && seg.index < value.length
          ? [seg.index]
          : []
        : !Array.isArray(value) && Object.hasOwn(value, seg.key)
          ? [seg.key]
          : [];
  let hit = false;
  for (const k of keys) {
    if (last) {
      container[k as never] = REDACTED as never;
      hit = true;
    } else if (redactAt(container[k as never], segments, from + 1)) hit = true;
  }
  return hit;
}

/** Redacts `paths` in a parsed JSON value (in place); returns the paths that matched. */
export function redactJson(value: unknown, paths: readonly string[]): string[] {
  return paths.filter((p) => redactAt(value, pathSegments(p), 0));
}

/** A JSON text redacted; text that is not JSON is returned as it came. */
export function redactJsonText(text: string, paths: readonly string[]): { text: string; matched: string[] } {
  if (paths.length === 0) return { text, matched: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { text, matched: [] };
  }
  const matched = redactJson(value, paths);
  return matched.length ? { text: JSON.stringify(value), matched } : { text, matched };
}

/** An event stream redacted event by event (each `data:` line that holds JSON). */
export function redactEventStream(text: string, paths: readonly string[]): { text: string; matched: string[] } {
  if (paths.length === 0) return { text, matched: [] };
  const matched = new Set<string>();
  const lines = text.split('\n').map((line) => {
    if (!line.startsWith('data:')) return line;
    const payload = line.slice(5).trimStart();
    if (!payload.startsWith('{') && !payload.startsWith('[')) return line;
    const out = redactJsonText(payload, paths);
    for (const m of out.matched) matched.add(m);
    return out.matched.length ? `data: ${out.text}` : line;
  });
  return { text: lines.join('\n'), matched: [...matched] };
}

/** Headers with the listed names (and those always redacted) replaced; values joined as one string. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
  names: readonly string[],
): { headers: Record<string, string>; matched: string[] } {
  const out: Record<string, string> = {};
  const matched: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (ALWAYS_REDACTED_HEADERS.includes(lower) || names.includes(lower)) {
      out[lower] = REDACTED;
      matched.push(`header:${lower}`);
    } else out[lower] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { headers: out, matched };
}

/**
 * `text` cut at `maxBytes` of UTF-8 (never inside a character). `bytes` is the body's size as sent
 * (before redaction and the cut); `partial`: `text` is already only the start of the body.
 */
export function capped(text: string, maxBytes: number, bytes = Buffer.byteLength(text), partial = false): CapturedBody {
  const size = Buffer.byteLength(text);
  if (size <= maxBytes) return { text, bytes, truncated: partial };
  const cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  return { text: cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut, bytes, truncated: true };
}
