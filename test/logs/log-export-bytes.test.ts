// LineBytes (electron/core/logs/log-lines.ts): the export's lines encoded one after another into
// one Buffer, which must hold exactly the UTF-8 of the lines joined — whatever the lines' lengths
// and characters, and however often the buffer has to grow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBytes } from '../../electron/core/logs/log-lines';

/** Lines of one-, two-, three- and four-byte characters, some far longer than the first buffer. */
const line = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 200, maxLength: 2000 }),
  fc.constantFrom('', 'a\n', 'ü', '€', '😀', 'x'.repeat(5000)),
);

describe('LineBytes', () => {
  it('holds exactly the UTF-8 of the lines joined, from any first capacity', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 0, max: 4096 }), (lines, capacity) => {
        const bytes = new LineBytes(capacity);
        for (const l of lines) bytes.add(l);
        expect(bytes.bytes().equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps what was added before it grew', () => {
    const bytes = new LineBytes(64);
    bytes.add('ab😀\n');
    bytes.add('ü'.repeat(100));
    expect(bytes.bytes().toString('utf8')).toBe(`ab😀\n${'ü'.repeat(100)}`);
  });
});
