import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  base64ImageDimensions,
  imageDimensions,
  imagePartTokens,
  imageTokensForSize,
  imageTokensForUrl,
  UNKNOWN_SIZE_IMAGE,
} from './image-tokens';

// Fixtures are real encoder output: Chromium's PNG, JPEG and WebP encoders (canvas.toDataURL) and
// the small GIF/JPEG/WebP files CPython's test suite ships.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

/** A simple-format WebP (one VP8 or VP8L chunk) cut out of an extended (VP8X) file. */
function simpleWebp(extended: Buffer, fourcc: 'VP8 ' | 'VP8L'): Buffer {
  for (let i = 12; i + 8 <= extended.length; ) {
    const size = extended.readUInt32LE(i + 4);
    if (extended.toString('latin1', i, i + 4) === fourcc) {
      const chunk = extended.subarray(i, i + 8 + size + (size % 2));
      const head = Buffer.alloc(12);
      head.write('RIFF', 0, 'latin1');
      head.writeUInt32LE(4 + chunk.length, 4);
      head.write('WEBP', 8, 'latin1');
      return Buffer.concat([head, chunk]);
    }
    i += 8 + size + (size % 2);
  }
  throw new Error(`no ${fourcc} chunk`);
}

describe('image dimensions from header bytes', () => {
  it.each([
    ['photo-1200x800.png', 'png', 1200, 800],
    ['photo-640x480.jpg', 'jpeg', 640, 480],
    ['photo-3000x2000.jpg', 'jpeg', 3000, 2000],
    ['jfif-16x16.jpg', 'jpeg', 16, 16],
    ['banner-150x35.gif', 'gif', 150, 35],
    ['python-16x16.gif', 'gif', 16, 16],
    ['lossy-400x300.webp', 'webp', 400, 300],
    ['alpha-333x222.webp', 'webp', 333, 222],
    ['lossless-500x250.webp', 'webp', 500, 250],
    ['python-16x16.webp', 'webp', 16, 16],
  ])('%s is %s %i×%i', (name, format, width, height) => {
    const bytes = fixture(name);
    expect(imageDimensions(bytes)).toEqual({ format, width, height });
    expect(base64ImageDimensions(bytes.toString('base64'))).toEqual({ format, width, height });
  });

  it('reads lossy (VP8) and lossless (VP8L) simple WebP files', () => {
    expect(imageDimensions(simpleWebp(fixture('lossy-400x300.webp'), 'VP8 '))).toEqual({
      format: 'webp',
      width: 400,
      height: 300,
    });
    expect(imageDimensions(simpleWebp(fixture('lossless-500x250.webp'), 'VP8L'))).toEqual({
      format: 'webp',
      width: 500,
      height: 250,
    });
  });

  it('finds a JPEG frame size behind a long EXIF segment, decoding more of the base64 only then', () => {
    const jpeg = fixture('photo-640x480.jpg');
    // Two metadata segments of 60 KB and 30 KB (a segment holds at most 64 KB) before the frame.
    const segment = (marker: number, payload: number) => {
      const seg = Buffer.alloc(4 + payload);
      seg.writeUInt16BE(marker, 0);
      seg.writeUInt16BE(payload + 2, 2); // the length counts its own two bytes
      return seg;
    };
    const withExif = Buffer.concat([
      jpeg.subarray(0, 2),
      segment(0xffe1, 60_000),
      segment(0xffe2, 30_000),
      jpeg.subarray(2),
    ]);
    expect(imageDimensions(withExif.subarray(0, 65_536))).toBeNull();
    expect(base64ImageDimensions(withExif.toString('base64'))).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('answers null for bytes that are no image, truncated headers and empty data', () => {
    expect(imageDimensions(Buffer.from('hello, this is plain text and not an image at all'))).toBeNull();
    expect(imageDimensions(fixture('photo-1200x800.png').subarray(0, 20))).toBeNull();
    expect(imageDimensions(fixture('photo-640x480.jpg').subarray(0, 100))).toBeNull();
    expect(base64ImageDimensions('')).toBeNull();
    expect(base64ImageDimensions('!!!not base64!!!')).toBeNull();
  });
});

describe('vision tokens from pixel size', () => {
  it("follows w×h/750 for an image inside Anthropic's limits", () => {
    // 640×480 = 307,200 px → 410 tokens, plus the framing tokens.
    expect(imageTokensForSize(640, 480).likely).toBe(410 + 4);
    expect(imageTokensForSize(200, 200).likely).toBe(54 + 4);
  });

  it('fits a large image into a 1568-px long edge and ~1,600 tokens', () => {
    // 3000×2000 → 1568×1045 = 2,184 tokens by the area rule, capped at 1,600.
    expect(imageTokensForSize(3000, 2000).likely).toBe(1600 + 4);
    // A long thin panorama: 6000×200 → 1568×52 → 109 tokens.
    expect(imageTokensForSize(6000, 200).likely).toBe(Math.ceil((1568 * ((200 * 1568) / 6000)) / 750) + 4);
  });

  it('keeps the budget bound at or above every common encoder, within its cap', () => {
    for (const [w, h] of [
      [16, 16],
      [640, 480],
      [1024, 1024],
      [3000, 2000],
      [10000, 10000],
    ]) {
      const t = imageTokensForSize(w, h);
      const qwenPatches = Math.ceil(w / 28) * Math.ceil(h / 28);
      const openAiHigh = 85 + 170 * 4 * 4; // the most tiles gpt-4o's formula ever uses
      expect(t.upperBound).toBeGreaterThanOrEqual(Math.min(16384, qwenPatches));
      expect(t.upperBound).toBeGreaterThanOrEqual(Math.min(t.likely, openAiHigh));
      expect(t.upperBound).toBeLessThanOrEqual(16384 + 4);
    }
  });

  it('is never the base64 length: a 1200×800 PNG counts as ~1,280 tokens, not its 29,000 base64 bytes', () => {
    const b64 = fixture('photo-1200x800.png').toString('base64');
    const t = imageTokensForUrl(`data:image/png;base64,${b64}`);
    expect(t).toMatchObject({ width: 1200, height: 800, likely: 1280 + 4 });
    expect(t.likely).toBeLessThan(b64.length / 10);
  });

  it('gives a remote URL, an unknown format and a zero size the fixed estimate', () => {
    expect(imageTokensForUrl('https://example.com/cat.png')).toBe(UNKNOWN_SIZE_IMAGE);
    expect(imageTokensForUrl('data:image/png;base64,aGVsbG8=')).toBe(UNKNOWN_SIZE_IMAGE);
    expect(imageTokensForSize(0, 100)).toBe(UNKNOWN_SIZE_IMAGE);
    expect(UNKNOWN_SIZE_IMAGE.likely).toBe(1604);
  });
});

describe('image parts in every dialect', () => {
  const b64 = fixture('photo-640x480.jpg').toString('base64');
  const dataUrl = `data:image/jpeg;base64,${b64}`;
  const expected = imageTokensForSize(640, 480);

  it('chat image_url, Responses input_image and Anthropic image blocks give the same count', () => {
    expect(imagePartTokens({ type: 'image_url', image_url: { url: dataUrl, detail: 'high' } })).toEqual(expected);
    expect(imagePartTokens({ type: 'input_image', image_url: dataUrl, detail: 'auto' })).toEqual(expected);
    expect(imagePartTokens({ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: b64 } })).toEqual(
      expected,
    );
  });

  it('URL and file sources get the fixed estimate; text parts are not images', () => {
    expect(imagePartTokens({ type: 'image', source: { type: 'url', url: 'https://x/y.png' } })).toBe(
      UNKNOWN_SIZE_IMAGE,
    );
    expect(imagePartTokens({ type: 'input_image', file_id: 'file-1', detail: 'auto' })).toBe(UNKNOWN_SIZE_IMAGE);
    expect(imagePartTokens({ type: 'text', text: 'hi' })).toBeNull();
    expect(imagePartTokens({ type: 'input_text', text: 'hi' })).toBeNull();
    expect(imagePartTokens(null)).toBeNull();
    expect(imagePartTokens('image_url')).toBeNull();
  });
});
