// Docker container logs as lines. Without a TTY, Docker multiplexes stdout and stderr into frames
// (8-byte header: stream 1|2, three zero bytes, big-endian payload length). Frames and lines split
// across chunks are joined here. Progress bars (tqdm) redraw with "\r": each redraw is a line.

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Incremental demultiplexer + line splitter for a followed log stream. */
export class LogLineSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };

  constructor(private readonly multiplexed = true) {}

  push(chunk: Buffer): LogLine[] {
    if (!this.multiplexed) return this.text('stdout', chunk.toString('utf8'));
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: LogLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      out.push(...this.text(stream, this.pending.subarray(8, 8 + size).toString('utf8')));
      this.pending = this.pending.subarray(8 + size);
    }
    return out;
  }

  /** Whatever is left without a line end, at the end of the stream. */
  flush(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) out.push({ stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    return out;
  }

  private text(stream: LogLine['stream'], text: string): LogLine[] {
    const parts = (this.partial[stream] + text).split(/\r\n|\r|\n/);
    this.partial[stream] = parts.pop() ?? '';
    return parts.filter((p) => p.length > 0).map((p) => ({ stream, text: p }));
  }
}

/** All lines of a complete (non-followed) multiplexed log buffer. */
export function demuxLogs(buf: Buffer, multiplexed = true): LogLine[] {
  const splitter = new LogLineSplitter(multiplexed);
  return [...splitter.push(buf), ...splitter.flush()];
}
