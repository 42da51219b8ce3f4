import { describe, expect, it } from 'vitest';
import type { OverviewTiles } from '../../lib/dashboard-types';
import { errorRateText, gpuBars, kvBars, throughputText } from './overview-view';

const tiles = (over: Partial<OverviewTiles> = {}): OverviewTiles => ({
  spendTodayUsd: 0,
  spendMonthUsd: 0,
  tokensPerSecondNow: null,
  requestsLastHour: 0,
  errorRateLastHour: null,
  kvUsage: [],
  gpus: [],
  spendSparkline: [],
  ...over,
});

describe('overview tiles', () => {
  it('says the error rate in words', () => {
    expect(errorRateText(tiles())).toBe('no requests to judge');
    expect(errorRateText(tiles({ requestsLastHour: 40, errorRateLastHour: 0 }))).toBe('no errors');
    expect(errorRateText(tiles({ requestsLastHour: 40, errorRateLastHour: 0.025 }))).toBe('2.5 % errors');
    expect(throughputText(tiles())).toBe('—');
    expect(throughputText(tiles({ tokensPerSecondNow: 1234.4 }))).toBe('1,234 tok/s');
  });

  it('lists KV usage fullest first, warning when nearly full', () => {
    const bars = kvBars(
      tiles({
        kvUsage: [
          { target: 'a', kvCacheUsage: 0.1, at: 1 },
          { target: 'b', kvCacheUsage: null, at: null },
          { target: 'c', kvCacheUsage: 0.97, at: 1 },
          { target: 'd', kvCacheUsage: 0.85, at: 1 },
        ],
      }),
    );
    expect(bars.map((b) => [b.target, b.tone])).toEqual([
      ['c', 'danger'],
      ['d', 'warn'],
      ['a', 'ok'],
      ['b', 'ok'],
    ]);
    expect(bars[0].pct).toBeCloseTo(97);
  });

  it('labels GPUs by host and index with their memory in GiB', () => {
    const [g] = gpuBars(
      tiles({
        gpus: [
          {
            hostId: 'local',
            gpuIndex: 0,
            utilizationPct: 55,
            memoryUsedMib: 6144,
            memoryTotalMib: 24576,
            powerW: 210,
            at: 1,
          },
        ],
      }),
    );
    expect(g).toEqual({
      key: 'local/0',
      label: 'local · GPU 0',
      utilizationPct: 55,
      memory: '6.0 / 24 GiB',
      powerW: 210,
    });
  });
});
