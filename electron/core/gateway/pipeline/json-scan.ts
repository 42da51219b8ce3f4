// Reading one member of a JSON answer without parsing the whole of it: the scans behind the
// answer's `model` rewrite and its usage count. Where the text is not valid JSON a scan says so
// (-1, or null for lastTopLevelValue), and its caller leaves the text as it is or parses it whole.

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the JSON string starting at `i` (a quote), or -1 if it does not end. */
export function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92)
      j++; // backslash: skip the escaped character
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** Index just past the JSON value starting at `i`, or -1 when the text is not valid there. */
export function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 34) {
        j = stringEnd(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || isWs(d)) break; // , } ] or whitespace
  }
  return j > i ? j : -1;
}

/**
 * True when the text from `i` on is the rest of a top-level object's members, `,"key":value`
 * pairs, then its closing brace and nothing but whitespace: the member just before `i` was one of
 * the top-level object's own, not one nested in another value.
 */
function restIsTopLevel(text: string, i: number): boolean {
  for (;;) {
    i = skipWs(text, i);
    if (text[i] === '}') return skipWs(text, i + 1) === text.length;
    if (text[i] !== ',') return false;
    i = skipWs(text, i + 1);
    if (text[i] !== '"') return false;
    i = stringEnd(text, i);
    if (i < 0) return false;
    i = skipWs(text, i);
    if (text[i] !== ':') return false;
    i = valueEnd(text, skipWs(text, i + 1));
    if (i < 0) return false;
  }
}

/**
 * Where the value of the top-level member `key` lies, found from the end: for a member the answer
 * writes last or nearly (vLLM and OpenAI write `usage` after the choices), without walking the
 * choices. Undefined when the text has no such key anywhere; null when a match is not provably
 * the top-level one (a nested key of that name after it, text that is not JSON): parse it whole.
 */
export function lastTopLevelValue(text: string, key: string): { start: number; end: number } | undefined | null {
  const needle = `${JSON.stringify(key)}:`;
  const at = text.lastIndexOf(needle);
  if (at < 0) return text.includes(JSON.stringify(key)) ? null : undefined; // `"key" :` is JSON too
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
  if (backslashes % 2 === 1) return null; // the quote is escaped: the match is inside a string
  const start = skipWs(text, at + needle.length);
  const end = valueEnd(text, start);
  if (end < 0 || !restIsTopLevel(text, end)) return null;
  return { start, end };
}
