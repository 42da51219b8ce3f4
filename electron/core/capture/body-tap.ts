// Body capture for one request (only built where the key's capture is on): the request body as
// read, and what the client was sent — the JSON answer, an error, or the event stream as relayed,
// closing events included — gathered from the response's own writes up to a bound, then
// redacted, cut at the cap and queued in the request-log writer's next batch once the answer has
// ended. Nothing is stored for a request that never got a log row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaptureSettings } from '../../../shared/contract-capture';
import type { RequestLogWriter } from '../gateway/request-log-writer';
import { capped, redactEventStream, redactHeaders, redactJsonText } from './redact';

/** What is gathered beyond the cap, so redaction still sees whole JSON: this many times the cap. */
const GATHER_FACTOR = 4;

export interface BodyTap {
  /** The log row is written: store the bodies once the answer ends. */
  logged(): void;
}

export function tapBodies(o: {
  writer: RequestLogWriter;
  settings: CaptureSettings;
  req: IncomingMessage;
  res: ServerResponse;
  raw: Buffer;
  requestId: string;
  at: number;
  route: string;
}): BodyTap {
  const { res, settings } = o;
  const bound = settings.maxBytes * GATHER_FACTOR;
  const chunks: string[] = [];
  let gathered = 0;
  let total = 0;
  const keep = (chunk: unknown) => {
    if (chunk == null || typeof chunk === 'function') return;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const size = Buffer.byteLength(text);
    total += size;
    if (gathered >= bound) return;
    chunks.push(text);
    gathered += size;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return end(chunk, ...rest);
  }) as typeof res.end;

  let logged = false;
  res.once('close', () => {
    if (!logged) return;
    const redacted = new Set<string>();
    const headers = redactHeaders(o.req.headers, settings.redactHeaders);
    for (const m of headers.matched) redacted.add(m);
    const request = redactJsonText(o.raw.toString('utf8'), settings.redactPaths);
    for (const m of request.matched) redacted.add(m);
    let response = null;
    if (total > 0) {
      const text = chunks.join('');
      const stream =
        /^text\/event-stream/.test(String(res.getHeader('content-type') ?? '')) || text.startsWith('data:');
      const whole = gathered >= total;
      const out = stream
        ? redactEventStream(text, settings.redactPaths)
        : whole
          ? redactJsonText(text, settings.redactPaths)
          : { text: '', matched: [] };
      for (const m of out.matched) redacted.add(m);
      // JSON too big to read whole cannot be redacted: it is not stored rather than stored unredacted.
      const unreadable = !stream && !whole && settings.redactPaths.length > 0;
      response = unreadable
        ? { text: '', bytes: total, truncated: true }
        : capped(out.text || text, settings.maxBytes, total, !whole);
    }
    o.writer.logBodies({
      requestId: o.requestId,
      at: o.at,
      route: o.route,
      request: capped(request.text, settings.maxBytes, o.raw.length),
      response,
      requestHeaders: headers.headers,
      redacted: [...redacted],
    });
  });
  return {
    logged: () => {
      logged = true;
    },
  };
}
