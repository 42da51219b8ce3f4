// The hostile inputs the fuzz suites draw from, through a seeded PRNG so a failing case can be
// replayed from its seed and index: broken JSON, deep nesting, huge numbers, wrong types, bad
// percent-encoding, traversal, encoded NUL, header abuse.
import { Prng } from 'vllm-sim';

export const FUZZ_SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261201);

export class Draw {
  private readonly prng: Prng;
  constructor(seed: number) {
    this.prng = new Prng(seed);
  }
  int(min: number, max: number): number {
    return this.prng.int(min, max);
  }
  chance(p: number): boolean {
    return this.prng.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.prng.int(0, items.length - 1)];
  }
}

/** The PRNG of case `index` of a run: each case replays on its own. */
export const drawFor = (seed: number, index: number) => new Draw((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);

/** Valid JSON nested `depth` levels deep, of arrays or of objects. */
export const deepNesting = (depth: number, kind: 'array' | 'object' = 'array') =>
  kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** JSON texts of values no field expects: huge, tiny, wrong type, deeply nested. */
export const HOSTILE_VALUES = [
  '9007199254740993',
  '-9007199254740993',
  '1e308',
  '-1e308',
  '1e400',
  '-0',
  '0',
  '-1',
  '1.5',
  '2147483648',
  '123456789012345678901234567890',
  '"ten"',
  '""',
  `"${'x'.repeat(10_000)}"`,
  '"\\ud800"',
  '"\\u0000"',
  '"%c0%ae"',
  'null',
  'true',
  'false',
  '[]',
  '{}',
  '[null]',
  '[[[[[1]]]]]',
  '[{}]',
  '{"role":5}',
  '[{"role":"user","content":{"a":1}}]',
  '[{"role":"user","content":[1,2]}]',
  `[${Array.from({ length: 3000 }, () => '"s"').join(',')}]`,
  `{${Array.from({ length: 2000 }, (_, i) => `"${i}":1`).join(',')}}`,
  deepNesting(200),
  deepNesting(5_000),
  deepNesting(129, 'object'),
] as const;

/** A valid JSON text made invalid in one of the ways clients and attackers get it wrong. */
export function breakJson(d: Draw, valid: string): Buffer {
  switch (d.int(0, 7)) {
    case 0:
      return Buffer.from(valid.slice(0, d.int(0, Math.max(0, valid.length - 1))));
    case 1: {
      const at = d.int(0, valid.length - 1);
      return Buffer.from(valid.slice(0, at) + d.pick(['}', ']', '"', ',', ':', '\\', '{', 'x']) + valid.slice(at));
    }
    case 2:
      return Buffer.concat([Buffer.from(valid.slice(0, -1)), Buffer.from([0xc0, 0xae, 0xff, 0xfe]), Buffer.from('}')]);
    case 3:
      return Buffer.from(`\ufeff${valid}`);
    case 4:
      return Buffer.from(`${valid}${d.pick(['garbage', '}', ',{}', '\u0000'])}`);
    case 5:
      return Buffer.from(d.pick(['', ' ', 'null', '[]', '1', '"x"', 'true', '{', '[', 'NaN', 'Infinity']));
    case 6:
      return Buffer.from(d.pick(['[', '{"a":']).repeat(d.pick([129, 1_000, 100_000])));
    default:
      return Buffer.from(valid.replace(/"/g, "'"));
  }
}

const PATH_PIECES = [
  '%',
  '%%',
  '%zz',
  '%2',
  '%c0%ae',
  '%c0%af',
  '%ff',
  '%ed%a0%80',
  '%00',
  '%2e%2e',
  '%2e%2e%2f',
  '..',
  '.',
  '%2f',
  '%5c',
  '\\..\\',
  'etc',
  'passwd',
  '%E2%82%AC',
  'é',
  'index.html',
  'assets',
  '',
  ';x',
  '?a=%',
  '#frag',
] as const;

/** A path under `prefix` built from traversal and encoding pieces (sent as-is on the socket). */
export function hostilePath(d: Draw, prefix: string): string {
  const segments = Array.from({ length: d.int(1, 6) }, () =>
    Array.from({ length: d.int(1, 3) }, () => d.pick(PATH_PIECES)).join(''),
  );
  let path = `${prefix}${segments.join('/')}`;
  if (d.chance(0.05)) path += 'a'.repeat(d.int(1_000, 8_000));
  // Raw bytes the request line cannot hold are sent percent-encoded, as a browser would.
  return path.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}

/** Header abuse: too large, too many, duplicated, contradictory, malformed. */
export function hostileHeaders(d: Draw): Array<[string, string]> {
  switch (d.int(0, 9)) {
    case 0:
      return [['X-Big', 'a'.repeat(d.int(17_000, 40_000))]];
    case 1:
      return Array.from({ length: d.int(50, 200) }, (_, i) => [`X-Many-${i}`, 'v'.repeat(100)] as [string, string]);
    case 2:
      return [
        ['Content-Length', String(d.int(0, 10))],
        ['Content-Length', String(d.int(11, 20))],
      ];
    case 3:
      return [['Content-Length', d.pick(['abc', '-1', '1e3', '0x10', ' 5', '99999999999999999999'])]];
    case 4:
      return [
        ['Transfer-Encoding', 'chunked'],
        ['Content-Length', '5'],
      ];
    case 5:
      return [
        ['Authorization', d.pick(['Bearer', 'Bearer ', 'Basic eDp5', 'bearer sk-', `Bearer ${'k'.repeat(8_000)}`])],
      ];
    case 6:
      return [
        ['Authorization', 'Bearer sk-one'],
        ['Authorization', 'Bearer sk-two'],
      ];
    case 7:
      return [['X-Request-Id', d.pick(['', 'a b', '\u00ff\u00fe', 'x'.repeat(500), '../../etc'])]];
    case 8:
      return [['Host', d.pick(['evil.example', '', '127.0.0.1:1', 'localhost.evil.example'])]];
    default:
      return [['Expect', d.pick(['100-continue', 'nonsense'])]];
  }
}
