// The Overview tiles' figures from OverviewTiles: the spend sparkline's rows, throughput, the
// error rate in words, KV usage per deployment as bars and the GPUs' latest use. Pure.
import type { ChartRow } from '../../components/charts/chart-points';
import type { OverviewTiles } from '../../lib/dashboard-types';
import { formatPct, formatTps } from '../../lib/telemetry';

export function spendSparkRows(tiles: OverviewTiles): ChartRow[] {
  return tiles.spendSparkline.map((p) => ({ at: p.at, costUsd: p.costUsd }));
}

export function throughputText(tiles: OverviewTiles): string {
  return tiles.tokensPerSecondNow === null ? '—' : formatTps(tiles.tokensPerSecondNow);
}

/** "2.5 % errors", "no errors", or "—" with no requests to judge by. */
export function errorRateText(tiles: OverviewTiles): string {
  if (tiles.requestsLastHour === 0 || tiles.errorRateLastHour === null) return 'no requests to judge';
  if (tiles.errorRateLastHour === 0) return 'no errors';
  return `${formatPct(tiles.errorRateLastHour * 100)} errors`;
}

/** Above this error rate the tile is marked as a warning. */
export const ERROR_RATE_WARN = 0.05;

export interface KvBar {
  target: string;
  /** 0–100, or null when its engine has not reported it. */
  pct: number | null;
  tone: 'ok' | 'warn' | 'danger';
}

/** Fullest first; over 80 % warns, over 95 % is a danger (requests start waiting or preempting). */
export function kvBars(tiles: OverviewTiles): KvBar[] {
  return tiles.kvUsage
    .map((k) => {
      const pct = k.kvCacheUsage === null ? null : k.kvCacheUsage * 100;
      return {
        target: k.target,
        pct,
        tone:
          pct !== null && pct > 95
            ? ('danger' as const)
            : pct !== null && pct > 80
              ? ('warn' as const)
              : ('ok' as const),
      };
    })
    .sort((a, b) => (b.pct ?? -1) - (a.pct ?? -1) || a.target.localeCompare(b.target));
}

export interface GpuBar {
  key: string;
  label: string;
  utilizationPct: number | null;
  memory: string | null;
  powerW: number | null;
}

export function gpuBars(tiles: OverviewTiles): GpuBar[] {
  return tiles.gpus.map((g) => ({
    key: `${g.hostId}/${g.gpuIndex}`,
    label: `${g.hostId} · GPU ${g.gpuIndex}`,
    utilizationPct: g.utilizationPct,
    memory:
      g.memoryUsedMib !== null && g.memoryTotalMib
        ? `${(g.memoryUsedMib / 1024).toFixed(1)} / ${(g.memoryTotalMib / 1024).toFixed(0)} GiB`
        : null,
    powerW: g.powerW,
  }));
}
