import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatMibAxis,
  formatMsAxis,
  formatPctAxis,
  formatPerSecondAxis,
  formatRateAxis,
  formatUsdAxis,
} from './value-format';

describe('axis labels carry their unit', () => {
  it('money', () => {
    expect(formatUsdAxis(0)).toBe('$0');
    expect(formatUsdAxis(0.00123)).toBe('$0.0012');
    expect(formatUsdAxis(4.6e-7)).toBe('$0.00000046');
    expect(formatUsdAxis(0.35)).toBe('$0.35');
    expect(formatUsdAxis(1234)).toBe('$1.2K');
  });

  it('times, percentages, rates and memory', () => {
    expect(formatMsAxis(850)).toBe('850 ms');
    expect(formatMsAxis(1050)).toBe('1.05 s');
    expect(formatMsAxis(1400)).toBe('1.4 s');
    expect(formatPerSecondAxis(0.4)).toBe('0.4/s');
    expect(formatMsAxis(12_000)).toBe('12 s');
    expect(formatPctAxis(4.53)).toBe('4.5%');
    expect(formatPctAxis(40)).toBe('40%');
    expect(formatRateAxis('tok/s')(1234)).toBe('1.2K tok/s');
    expect(formatRateAxis('req/s')(0.4)).toBe('0.4 req/s');
    expect(formatCompact(0)).toBe('0');
    expect(formatMibAxis(512)).toBe('512 MiB');
    expect(formatMibAxis(7680)).toBe('7.5 GiB');
  });
});
