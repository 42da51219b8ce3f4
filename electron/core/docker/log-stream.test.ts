import { describe, expect, it } from 'vitest';
import { demuxLogs, LogLineSplitter } from './log-stream';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('Docker log demultiplexing', () => {
  it('separates stdout and stderr frames into lines', () => {
    const lines = demuxLogs(Buffer.concat([frame(1, 'a\nb\n'), frame(2, 'oops\n')]));
    expect(lines).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'b' },
      { stream: 'stderr', text: 'oops' },
    ]);
  });

  it('joins a frame split across chunks and a line split across frames', () => {
    const s = new LogLineSplitter();
    const whole = Buffer.concat([frame(1, 'hel'), frame(1, 'lo\nwor'), frame(1, 'ld\n')]);
    const out = [...s.push(whole.subarray(0, 5)), ...s.push(whole.subarray(5, 13)), ...s.push(whole.subarray(13))];
    expect(out.map((l) => l.text)).toEqual(['hello', 'world']);
  });

  it('turns progress-bar redraws (\\r) into lines, and flushes an unterminated last line', () => {
    const s = new LogLineSplitter();
    const out = s.push(frame(2, 'Loading:  25% | 1/4\rLoading:  50% | 2/4\rLoading: 100% | 4/4\ndone'));
    expect(out.map((l) => l.text)).toEqual(['Loading:  25% | 1/4', 'Loading:  50% | 2/4', 'Loading: 100% | 4/4']);
    expect(s.flush()).toEqual([{ stream: 'stderr', text: 'done' }]);
  });

  it('reads a TTY (not multiplexed) stream as plain text', () => {
    expect(demuxLogs(Buffer.from('x\ny'), false).map((l) => l.text)).toEqual(['x', 'y']);
  });
});
