// HTTP/1.1 over a bare socket, for requests no client library would send: paths as they are
// (`/%`, `/../`), broken framing, bad or duplicated headers, bodies cut short.
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent exactly as given (no normalisation). */
  path: string;
  /** In order; a name may repeat. Host and Connection: close are added unless given. */
  headers?: Array<[string, string]>;
  body?: Buffer | string;
  /** Content-Length is set from the body unless a header gives one (or `chunked` is used). */
  omitContentLength?: boolean;
  /** Send only this many bytes of the body, then close the socket (a client that hangs up). */
  cutBodyAt?: number;
  /** Resolve as soon as the status line and headers are in (for streams that never end). */
  untilHeaders?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function encodeRequest(port: number, r: RawRequest): { head: Buffer; body: Buffer } {
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  const headers = [...(r.headers ?? [])];
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  if (!has('host')) headers.unshift(['Host', `127.0.0.1:${port}`]);
  if (!has('connection')) headers.push(['Connection', 'close']);
  if (
    !r.omitContentLength &&
    !has('content-length') &&
    !has('transfer-encoding') &&
    (body.length || r.method !== 'GET')
  )
    headers.push(['Content-Length', String(body.length)]);
  const head = `${r.method} ${r.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return { head: Buffer.from(head, 'latin1'), body };
}

/** What follows any interim `100 Continue` answers. */
function finalResponse(raw: Buffer): Buffer {
  let at = raw;
  while (/^HTTP\/1\.[01] 1\d\d /.test(at.subarray(0, 16).toString('latin1'))) {
    const end = at.indexOf('\r\n\r\n');
    if (end < 0) break;
    at = at.subarray(end + 4);
  }
  return at;
}

/** Whether `raw` holds a whole response: by its Content-Length, its last chunk, or no body at all. */
function complete(all: Buffer, head: boolean): boolean {
  const raw = finalResponse(all);
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const headText = raw.subarray(0, end).toString('latin1').toLowerCase();
  if (/^http\/1\.[01] 1\d\d /.test(headText)) return false;
  if (head || /^http\/1\.[01] (204|304)/.test(headText)) return true;
  if (/\r\ntransfer-encoding: *chunked/.test(headText)) return raw.subarray(end + 4).includes('0\r\n\r\n');
  const length = /\r\ncontent-length: *(\d+)/.exec(headText)?.[1];
  return length !== undefined && raw.length - end - 4 >= Number(length);
}

/** Parses one response out of what the server sent (null when it sent none). */
export function parseResponse(all: Buffer): RawResponse | null {
  const raw = finalResponse(all);
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1]);
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  else if (headers['content-length']) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends the request and resolves with the response once it is complete or the server closes the
 * connection, or with null when the server closed without answering. Rejects after `timeoutMs`.
 */
export function rawRequest(port: number, r: RawRequest, timeoutMs = 20_000): Promise<RawResponse | null> {
  const { head, body } = encodeRequest(port, r);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      if (complete(Buffer.concat(chunks), r.method === 'HEAD' || r.untilHeaders === true)) socket.destroy();
    });
    socket.on('error', () => {}); // a reset after the answer still leaves the answer to read
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    const cutAt = cutPoint(r, body.length);
    socket.on('connect', () => {
      socket.write(head);
      if (cutAt !== undefined) {
        socket.write(body.subarray(0, cutAt));
        // Hang up mid-body: nobody is left to read an answer.
        setTimeout(() => socket.destroy(), 5);
        return;
      }
      // Not end(): a half-closed connection tells Node's server the client went away.
      socket.write(body);
    });
  });
}

/**
 * Where the client hangs up mid-body, if it does: `cutBodyAt`, or the body's end when a declared
 * Content-Length is longer (a client still sending, for which the server rightly waits).
 */
export function cutPoint(r: RawRequest, bodyLength: number): number | undefined {
  if (r.cutBodyAt !== undefined) return r.cutBodyAt;
  const declared = (r.headers ?? []).find(([k]) => k.toLowerCase() === 'content-length')?.[1].trim();
  return declared && /^\d+$/.test(declared) && Number(declared) > bodyLength ? bodyLength : undefined;
}

/** Whether nobody is left to read the answer to this request. */
export const hangsUp = (r: RawRequest) =>
  cutPoint(r, r.body === undefined ? 0 : Buffer.byteLength(r.body)) !== undefined;

/** Runs `count` cases `concurrency` at a time; `run(i)` does case i. */
export async function runPool(count: number, concurrency: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

/** Resident memory of a process, bytes (Linux: /proc/<pid>/status). */
export async function rssBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** Child process ids of a process (Linux). */
export async function childPids(pid: number): Promise<number[]> {
  const { readFile, readdir } = await import('node:fs/promises');
  const out: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    out.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  return out;
}
