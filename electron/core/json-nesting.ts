// How deeply a JSON text nests, found by one linear scan of its raw bytes before JSON.parse.
// JSON.parse itself copes with any depth, but everything after it that walks the value
// recursively (JSON.stringify, zod, translations) overflows the stack somewhere past a few
// thousand levels; a body is refused at parse time instead, before any of that runs.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** The nesting the gateway and the admin API accept: far above any real request (a tool's JSON schema included). */
export const MAX_JSON_DEPTH = 128;

/**
 * The deepest bracket nesting outside strings, counting stops once it passes `stopAbove` (so a
 * hostile body costs no more than the scan up to there). Brackets inside strings, escaped quotes
 * included, do not count. Works on UTF-8 bytes: no multi-byte sequence contains an ASCII byte.
 */
export function jsonNestingDepth(raw: Uint8Array | string, stopAbove = Number.POSITIVE_INFINITY): number {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return deepest;
}
