import { describe, expect, it } from 'vitest';
import { formatBytes, initialPullProgress, readPullEvent, type PullEvent } from './pull-progress';

const fold = (events: PullEvent[]) => events.reduce(readPullEvent, initialPullProgress());

describe('pull progress', () => {
  it('sums bytes across layers and reports per-layer completion', () => {
    const s = fold([
      { status: 'Pulling from vllm/vllm-openai', id: 'latest' },
      { status: 'Pulling fs layer', id: 'a', progressDetail: {} },
      { status: 'Pulling fs layer', id: 'b', progressDetail: {} },
      { status: 'Downloading', id: 'a', progressDetail: { current: 500_000_000, total: 1_000_000_000 } },
      { status: 'Downloading', id: 'b', progressDetail: { current: 100_000_000, total: 200_000_000 } },
    ]);
    expect(s.totalBytes).toBe(1_200_000_000);
    expect(s.downloadedBytes).toBe(600_000_000);
    expect(s.fraction).toBeCloseTo(0.375, 5);
    expect(s.detail).toBe('600.0 MB of 1.20 GB (0/2 layers)');
  });

  it('counts extraction and completion; "Already exists" layers are done at once', () => {
    const s = fold([
      { status: 'Already exists', id: 'base', progressDetail: {} },
      { status: 'Downloading', id: 'a', progressDetail: { current: 10, total: 100 } },
      { status: 'Download complete', id: 'a', progressDetail: {} },
      { status: 'Extracting', id: 'a', progressDetail: { current: 50, total: 100 } },
    ]);
    expect(s.downloadedBytes).toBe(100);
    expect(s.fraction).toBeCloseTo((1 + 0.75 + 0.125) / 2, 5);
    const done = readPullEvent(s, { status: 'Pull complete', id: 'a', progressDetail: {} });
    expect(done.fraction).toBe(1);
    expect(done.detail).toBe('100 B of 100 B (2/2 layers)');
  });

  it('keeps the registry error', () => {
    const s = fold([
      {
        error: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
        errorDetail: {
          message: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
        },
      },
    ]);
    expect(s.error).toMatch(/no such host/);
  });

  it('formats bytes in SI units like Docker', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.50 kB');
    expect(formatBytes(8_400_000_000)).toBe('8.40 GB');
  });
});
