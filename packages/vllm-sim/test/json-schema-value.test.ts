// The simulator's guided-decoding values against an independent schema checker, over many seeds:
// every tool argument and json_schema answer it writes must validate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJson, valueForSchema } from '../src/json-schema-value';
import { Prng } from '../src/prng';
import { schemaErrors } from './schema-check';

const SCHEMAS: Record<string, Record<string, unknown>> = {
  weather: {
    type: 'object',
    properties: {
      location: { type: 'string', description: 'City and country' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 7 },
    },
    required: ['location', 'unit'],
    additionalProperties: false,
  },
  nested: {
    type: 'object',
    $defs: {
      person: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 3, maxLength: 12 },
          email: { type: 'string', format: 'email' },
          age: { type: 'integer', exclusiveMinimum: 17, exclusiveMaximum: 99 },
          tags: {
            type: 'array',
            items: { type: 'string', enum: ['a', 'b', 'c'] },
            minItems: 2,
            maxItems: 3,
            uniqueItems: true,
          },
        },
        required: ['name', 'age', 'tags'],
      },
    },
    properties: {
      owner: { $ref: '#/$defs/person' },
      members: { type: 'array', items: { $ref: '#/$defs/person' }, minItems: 1 },
      score: { type: 'number', minimum: 0.5, maximum: 0.75 },
      step: { type: 'integer', minimum: 10, maximum: 100, multipleOf: 5 },
      id: { type: 'string', format: 'uuid' },
      when: { type: 'string', format: 'date-time' },
      note: { anyOf: [{ type: 'null' }, { type: 'string' }] },
      kind: {
        oneOf: [
          { type: 'integer', maximum: 0 },
          { type: 'string', const: 'x' },
        ],
      },
      flags: { type: ['boolean', 'null'] },
      code: { type: 'string', pattern: '^[a-z]+$' },
    },
    required: ['owner', 'members', 'score', 'step', 'id', 'when', 'note', 'kind', 'flags', 'code'],
  },
  merged: {
    allOf: [
      { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
      { properties: { b: { type: 'boolean' } }, required: ['b'] },
    ],
  },
};

describe('values for JSON schemas (guided decoding)', () => {
  it('validates for every seed, schema by schema', () => {
    // The checker itself refuses what is wrong.
    expect(schemaErrors({ location: 1, unit: 'kelvin', extra: true }, SCHEMAS.weather)).toHaveLength(3);
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const value = valueForSchema(schema, new Prng(seed));
          expect(schemaErrors(value, schema), `${name} seed ${seed}: ${JSON.stringify(value)}`).toEqual([]);
          // The arguments string is JSON that parses back to the same value.
          expect(JSON.parse(pythonJson(value))).toEqual(value);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('writes a path for path-like properties and an absolute one when a working directory is known', () => {
    const schema = { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] };
    expect(valueForSchema(schema, new Prng(1))).toEqual({ file_path: 'README.md' });
    expect(valueForSchema(schema, new Prng(1), { workingDirectory: '/home/me/proj' })).toEqual({
      file_path: '/home/me/proj/README.md',
    });
  });

  it('is deterministic per seed and differs across seeds', () => {
    const s = SCHEMAS.nested;
    expect(valueForSchema(s, new Prng(7))).toEqual(valueForSchema(s, new Prng(7)));
    const distinct = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(valueForSchema(s, new Prng(i)))));
    expect(distinct.size).toBeGreaterThan(15);
  });

  it('ends quickly on schemas that ask for too much or require themselves forever', () => {
    const started = Date.now();
    const selfish = { type: 'object', properties: { next: { $ref: '#' } }, required: ['next'] };
    expect(JSON.stringify(valueForSchema(selfish, new Prng(1))).length).toBeLessThan(1_000);
    expect(valueForSchema({ $ref: '#' }, new Prng(1))).toEqual(expect.any(String));
    const huge = valueForSchema(
      { type: 'array', minItems: 1e9, items: { type: 'string', minLength: 1e9 } },
      new Prng(1),
    );
    expect((huge as string[]).length).toBeLessThanOrEqual(64);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('writes JSON as Python does, with spaced separators', () => {
    expect(pythonJson({ a: [1, 'x'], b: { c: null } })).toBe('{"a": [1, "x"], "b": {"c": null}}');
  });
});
