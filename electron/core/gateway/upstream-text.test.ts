import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { eachText, STOP } from './upstream-text';

describe('eachText', () => {
  it('joins a character split between two chunks, and sees every chunk in order', async () => {
    const bytes = Buffer.from('data: é€😀\n\n');
    const seen: string[] = [];
    // Cut inside each multi-byte character.
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 10), bytes.subarray(10, 13), bytes.subarray(13)];
    await eachText(Readable.from(chunks, { objectMode: false }), (text) => {
      seen.push(text);
      return undefined;
    });
    expect(seen.join('')).toBe('data: é€😀\n\n');
    expect(seen.some((t) => t.includes('\ufffd'))).toBe(false);
  });

  it('hands over what one read brought in one call, and the last read before the end', async () => {
    const body = new PassThrough();
    const seen: string[] = [];
    const done = eachText(body, (text) => {
      seen.push(text);
      return undefined;
    });
    // Three chunks in one turn (as undici hands over the HTTP chunks of one socket read), then two with the end.
    body.write('data: 1\n\n');
    body.write('data: 2\n\n');
    body.write('data: 3\n\n');
    await new Promise((r) => setImmediate(r));
    body.write('data: 4\n\n');
    body.end('data: [DONE]\n\n');
    await done;
    expect(seen).toEqual(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\ndata: [DONE]\n\n']);
  });

  it('stops at STOP: no chunk after it reaches the callback', async () => {
    const body = new PassThrough();
    const seen: string[] = [];
    const done = eachText(body, (text) => {
      seen.push(text);
      return text === 'b' ? STOP : undefined;
    });
    body.write('a');
    await new Promise((r) => setImmediate(r));
    body.write('b');
    await new Promise((r) => setImmediate(r));
    body.write('c');
    await done;
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a', 'b']);
  });

  it('pauses the body while the promise the callback returned is pending', async () => {
    const body = new PassThrough({ highWaterMark: 4 });
    let release!: () => void;
    const seen: string[] = [];
    const done = eachText(body, (text) => {
      seen.push(text);
      if (seen.length === 1) return new Promise<void>((r) => (release = r));
      return undefined;
    });
    body.write('first');
    await new Promise((r) => setImmediate(r));
    // Written while the callback's promise is pending: buffered by the body, not delivered.
    const room = body.write('second');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['first']);
    expect(room).toBe(false);
    release();
    body.end();
    await done;
    expect(seen).toEqual(['first', 'second']);
  });

  it('rejects with the body’s error, and when the body closes before its end', async () => {
    const failing = new PassThrough();
    const failed = eachText(failing, () => undefined);
    failing.destroy(new Error('socket hang up'));
    await expect(failed).rejects.toThrow('socket hang up');

    const cut = new PassThrough();
    const closed = eachText(cut, () => undefined);
    cut.write('data: {}\n\n');
    cut.destroy();
    await expect(closed).rejects.toThrow(/premature close/i);
  });

  it('rejects with what the callback threw, and reads no further', async () => {
    const body = new PassThrough();
    let calls = 0;
    const done = eachText(body, () => {
      calls++;
      throw new Error('bad chunk');
    });
    body.write('a');
    body.write('b');
    await expect(done).rejects.toThrow('bad chunk');
    expect(calls).toBe(1);
  });
});
