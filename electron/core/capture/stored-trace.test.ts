import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestTrace } from '../../../shared/contract-capture';
import { headersOfStored, storedTrace, type TraceRowColumns } from './stored-trace';

/** What the Logs drawer reads back (log-trace.ts): the stored JSON, its headers put back, through the schema. */
const readBack = (json: string, row: TraceRowColumns) => {
  const stored = JSON.parse(json) as object;
  return RequestTrace.parse({ ...stored, headers: headersOfStored(stored, row) });
};

const served = (reservedUsd: number, row: TraceRowColumns): RequestTrace => ({
  attempts: [
    {
      target: 'bench',
      group: 'bench',
      step: 'first',
      outcome: 'ok',
      status: null,
      message: null,
      startMs: 0,
      durationMs: 45,
      cooldownMs: null,
    },
  ],
  skipped: [],
  queuedMs: 0,
  upstreamTtftMs: null,
  generationMs: null,
  reservedUsd,
  reservedTokens: 0,
  message: null,
  headers: {
    'x-switchyard-deployment': row.deployment!,
    'x-switchyard-model-group': row.modelGroup!,
    'x-switchyard-attempts': String(row.attempts),
    'x-switchyard-reserved-usd': String(reservedUsd),
    'x-switchyard-served-model': 'bench-upstream',
    'x-switchyard-cost-usd': row.costUsd.toFixed(8),
  },
});

describe('a trace as its request-log row stores it', () => {
  it('an answer served at the first try: its headers come from the row, and it reads back whole', () => {
    const row = { deployment: 'bench', modelGroup: 'bench', attempts: 1, costUsd: 0.0000077 };
    const trace = served(0.0000153000000153, row);
    const json = storedTrace(trace, row);
    expect(JSON.stringify(trace).length).toBeGreaterThan(500);
    expect(json.length).toBeLessThan(250);
    expect(JSON.parse(json).headers).toEqual({ 'x-switchyard-served-model': 'bench-upstream' });
    expect(readBack(json, row)).toEqual(trace);
  });

  it('a header that differs from what the row gives is kept as sent', () => {
    const row = { deployment: 'bench', modelGroup: 'bench', attempts: 1, costUsd: 0.0000077 };
    const trace = served(0.00001, row);
    trace.headers['x-switchyard-cost-usd'] = '0.5'; // not the row's cost
    const json = storedTrace(trace, { ...row });
    expect(JSON.parse(json).headers['x-switchyard-cost-usd']).toBe('0.5');
    expect(readBack(json, row).headers).toEqual(trace.headers);
  });

  it('any trace and row: nothing is lost, and no header is invented', () => {
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const attempt = fc.record({
      target: fc.string(),
      group: fc.string(),
      step: fc.constantFrom('first', 'retry', 'fallback', 'context-window-fallback' as const),
      outcome: fc.string(),
      status: nullable(fc.integer({ min: 100, max: 599 })),
      message: nullable(fc.string()),
      startMs: fc.nat(),
      durationMs: fc.nat(),
      cooldownMs: nullable(fc.nat()),
    });
    const row = fc.record({
      deployment: nullable(fc.constantFrom('a', 'b')),
      modelGroup: nullable(fc.constantFrom('a', 'g')),
      attempts: fc.nat(4),
      costUsd: fc.constantFrom(0, 1e-7, 0.0000077, 3.5),
    });
    const headerName = fc.constantFrom(
      'x-switchyard-deployment',
      'x-switchyard-model-group',
      'x-switchyard-attempts',
      'x-switchyard-reserved-usd',
      'x-switchyard-cost-usd',
      'x-switchyard-served-model',
      'x-switchyard-budget-remaining-usd',
    );
    const headerValue = fc.constantFrom('a', 'b', 'g', '0', '1', '2', '0.00000000', '0.00000770', '3.50000000', '1e-7');
    const trace = fc.record({
      attempts: fc.array(attempt, { maxLength: 3 }),
      skipped: fc.array(fc.string(), { maxLength: 2 }),
      queuedMs: nullable(fc.nat()),
      upstreamTtftMs: nullable(fc.nat()),
      generationMs: nullable(fc.nat()),
      reservedUsd: fc.constantFrom(0, 1e-7, 0.0000153000000153),
      reservedTokens: fc.nat(),
      message: nullable(fc.string()),
      headers: fc.dictionary(headerName, headerValue),
    });
    fc.assert(
      fc.property(trace, row, (t, r) => {
        expect(readBack(storedTrace(t, r), r)).toEqual(t);
      }),
      { numRuns: 2_000 },
    );
  });
});
