// One keep-alive HTTP/1.1 connection that sends prepared request bytes and reads whole answers,
// for the load generator's non-streamed cells. undici spends about 45 µs of CPU per request at
// c=32 on this machine, this about 22 µs: on two shared cores the load generator's CPU is taken
// from the server under test, so the lighter it is, the more a fast server can show.
// It reads what the bench's servers send: a status line, headers, then a body framed by
// content-length or chunked transfer coding. No pipelining, no trailers, no 1xx answers.
import { connect, type Socket } from 'node:net';

export interface Http1Answer {
  status: number;
  body: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[ \t]*chunked/i;

/** The bytes of one POST, built once per cell and written as they are for every request. */
export function postRequest(url: URL, headers: Record<string, string>, body: string): Buffer {
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'content-length' && lower !== 'connection') lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]);
}

interface Pending {
  resolve: (answer: Http1Answer) => void;
  reject: (err: Error) => void;
}

/**
 * Where the body of a chunked answer ends, or -1 while it is incomplete; its data (chunk sizes and
 * CRLFs removed) is pushed to `parts` as it is walked, from offset `from`.
 */
function chunkedEnd(buf: Buffer, from: number, parts: Buffer[]): { end: number; next: number } {
  let at = from;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at);
    if (lineEnd === -1) return { end: -1, next: at };
    const size = Number.parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (!Number.isFinite(size)) throw new Error(`bad chunk size line: ${buf.toString('latin1', at, lineEnd)}`);
    const dataEnd = lineEnd + 2 + size;
    // A chunk, or the last one's empty trailer section, needs its closing CRLF.
    if (buf.length < dataEnd + 2) return { end: -1, next: at };
    if (size === 0) return { end: dataEnd + 2, next: dataEnd + 2 };
    parts.push(buf.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}

export class Http1Connection {
  private readonly socket: Socket;
  private buf: Buffer | null = null;
  private pending: Pending | null = null;
  private status = 0;
  private bodyStart = -1;
  private length = -1;
  private chunkAt = 0;
  private parts: Buffer[] = [];
  private closedBy: Error | null = null;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('error', (err) => this.close(err));
    this.socket.on('close', () => this.close(new Error('the server closed the connection')));
  }

  /** False once the connection is closed or broken: make a new one. */
  get usable(): boolean {
    return this.closedBy === null;
  }

  request(bytes: Buffer): Promise<Http1Answer> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    if (this.pending) return Promise.reject(new Error('one request at a time on a connection'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    this.buf = this.buf === null ? data : Buffer.concat([this.buf, data]);
    try {
      this.parse();
    } catch (err) {
      this.close(err as Error);
      this.socket.destroy();
    }
  }

  private parse(): void {
    const buf = this.buf!;
    if (this.bodyStart === -1) {
      const headEnd = buf.indexOf(HEAD_END);
      if (headEnd === -1) return;
      const head = buf.toString('latin1', 0, headEnd);
      this.status = Number(head.slice(9, 12));
      const length = CONTENT_LENGTH.exec(head);
      if (length) this.length = Number(length[1]);
      else if (!CHUNKED.test(head)) throw new Error(`answer with neither content-length nor chunked: ${head}`);
      this.bodyStart = headEnd + 4;
      this.chunkAt = this.bodyStart;
    }
    let end: number;
    let body: Buffer;
    if (this.length >= 0) {
      end = this.bodyStart + this.length;
      if (buf.length < end) return;
      body = buf.subarray(this.bodyStart, end);
    } else {
      const walked = chunkedEnd(buf, this.chunkAt, this.parts);
      this.chunkAt = walked.next;
      if (walked.end === -1) return;
      end = walked.end;
      body = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    }
    if (end !== buf.length) throw new Error(`${buf.length - end} bytes after the answer (no pipelining here)`);
    const answer = { status: this.status, body };
    const pending = this.pending;
    this.buf = null;
    this.bodyStart = -1;
    this.length = -1;
    this.parts = [];
    this.pending = null;
    pending?.resolve(answer);
  }

  private close(err: Error): void {
    this.closedBy ??= err;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(err);
  }
}
