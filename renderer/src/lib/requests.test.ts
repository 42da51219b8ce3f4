import { describe, expect, it } from 'vitest';
import { percentile, summarizeRequests } from './requests';
import type { RequestLogRow } from './types';

const row = (over: Partial<RequestLogRow>): RequestLogRow => ({
  id: Math.random().toString(36),
  at: '2025-03-14T12:00:00Z',
  keyId: null,
  modelGroup: 'llama',
  deployment: 'llama-1',
  status: 200,
  promptTokens: 10,
  completionTokens: 20,
  costUsd: 0.001,
  latencyMs: 100,
  ttftMs: null,
  attempts: 1,
  errorClass: null,
  ...over,
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('summarizeRequests', () => {
  it('totals cost and tokens and counts errors over exactly the rows given', () => {
    const s = summarizeRequests([
      row({ latencyMs: 100, ttftMs: 20 }),
      row({ latencyMs: 300, status: 429, costUsd: 0 }),
      row({ latencyMs: 200, ttftMs: 40, status: 502 }),
    ]);
    expect(s.count).toBe(3);
    expect(s.errors).toBe(2);
    expect(s.costUsd).toBeCloseTo(0.002);
    expect(s.promptTokens).toBe(30);
    expect(s.completionTokens).toBe(60);
    expect(s.latencyP50Ms).toBe(200);
    expect(s.latencyP95Ms).toBe(300);
    expect(s.ttftP50Ms).toBe(20);
  });
  it('has no percentiles without rows', () => {
    const s = summarizeRequests([]);
    expect(s.latencyP50Ms).toBeNull();
    expect(s.ttftP50Ms).toBeNull();
  });
});
