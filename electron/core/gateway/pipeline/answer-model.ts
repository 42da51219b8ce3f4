// The answer's `model` is the name the client asked for (the model group or alias), as LiteLLM
// answers; the model the target served is sent in a header instead. Both done without parsing
// the answer: a whole answer's top-level "model" value is found by a scan that stops there
// (vLLM writes it fourth, before choices or data), and a stream's chunks are rewritten by a
// literal replacement of the one `"model":"…"` pair vLLM writes in each event.
import { skipWs, stringEnd, valueEnd } from './json-scan';

/**
 * `text` (a JSON object) with its top-level "model" string set to `model`; unchanged when it has
 * none, when it is not a string, or when the text is not a JSON object.
 */
export function withTopLevelModel(text: string, model: string): string {
  let i = skipWs(text, 0);
  if (text[i] !== '{') return text;
  i++;
  for (;;) {
    i = skipWs(text, i);
    if (text[i] !== '"') return text;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return text;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return text;
    i = skipWs(text, i + 1);
    const end = valueEnd(text, i);
    if (end < 0) return text;
    if (key === 'model') {
      if (text[i] !== '"') return text;
      const value = JSON.stringify(model);
      return text.slice(i, end) === value ? text : text.slice(0, i) + value + text.slice(end);
    }
    i = skipWs(text, end);
    if (text[i] !== ',') return text;
    i++;
  }
}

/**
 * A stream rewriter for OpenAI chat/completions SSE: each event's `"model":"<served>"` becomes the
 * asked name. Text after the last newline is held until its line is whole, so a pair split
 * between two chunks is still found. Undefined when the names are the same (nothing to do).
 */
export function streamModelRewriter(
  served: string,
  asked: string,
): { push(chunk: string | Uint8Array): string } | undefined {
  if (served === asked) return undefined;
  const needle = `"model":${JSON.stringify(served)}`;
  const replacement = `"model":${JSON.stringify(asked)}`;
  const bytes = new TextDecoder();
  let held = '';
  return {
    push(chunk) {
      const text = held + (typeof chunk === 'string' ? chunk : bytes.decode(chunk, { stream: true }));
      const cut = text.lastIndexOf('\n') + 1;
      held = text.slice(cut);
      const whole = cut === text.length ? text : text.slice(0, cut);
      return whole.includes(needle) ? whole.replaceAll(needle, replacement) : whole;
    },
  };
}
