// What the Spend page draws from a SpendReport: the stacked chart's rows and series (the largest
// spenders with their own colour, the rest folded into "Other"), the table's rows, and the local
// vs cloud-equivalent comparison. Pure.
import type { ChartRow } from '../../components/charts/chart-points';
import type { ChartSeries } from '../../components/charts/ChartLegend';
import { SERIES_COLORS, seriesColor } from '../../components/charts/palette';
import type { SpendGroupBy, SpendReport } from '../../lib/dashboard-types';

export const GROUP_BY_OPTIONS: { value: SpendGroupBy; label: string }[] = [
  { value: 'modelGroup', label: 'Model group' },
  { value: 'key', label: 'Key' },
  { value: 'team', label: 'Team' },
  { value: 'deployment', label: 'Deployment' },
];

/** What the '' series stands for under each grouping. */
const NONE_LABEL: Record<SpendGroupBy, string> = {
  key: 'No key',
  modelGroup: 'No model group',
  team: 'No team',
  deployment: 'Cloud / no deployment',
};

export function seriesLabel(series: { id: string; label: string }, groupBy: SpendGroupBy): string {
  return series.id === '' ? NONE_LABEL[groupBy] : series.label || series.id;
}

export interface SpendChartView {
  rows: ChartRow[];
  series: ChartSeries[];
}

/**
 * Rows keyed s0, s1 … (series ids may hold dots, which recharts would read as paths); a series
 * absent from a point spent 0 then. More than `maxSeries` series: the largest `maxSeries - 1`
 * keep their own, the rest add up under "Other (n)". No spend in the range: no rows.
 */
export function spendChartView(report: SpendReport, maxSeries = SERIES_COLORS): SpendChartView {
  const own = report.series.length > maxSeries ? report.series.slice(0, maxSeries - 1) : report.series;
  const folded = report.series.slice(own.length);
  const series: ChartSeries[] = own.map((s, i) => ({
    key: `s${i}`,
    label: seriesLabel(s, report.groupBy),
    color: seriesColor(i),
  }));
  if (folded.length) series.push({ key: 'other', label: `Other (${folded.length})`, color: 'var(--chart-other)' });
  // Leading buckets without spend are left out (one kept, so the area rises from zero): a new
  // instance's first minutes of traffic should not be a sliver at the edge of a month.
  const first = report.points.findIndex((p) => Object.values(p.costUsd).some((v) => v > 0));
  const shown = first < 0 ? [] : report.points.slice(Math.max(0, first - 1));
  const rows = shown.map((p) => {
    const row: ChartRow = { at: p.at };
    own.forEach((s, i) => (row[`s${i}`] = p.costUsd[s.id] ?? 0));
    if (folded.length) row.other = folded.reduce((sum, s) => sum + (p.costUsd[s.id] ?? 0), 0);
    return row;
  });
  return { rows, series };
}

export interface SpendTableRow {
  id: string;
  label: string;
  requests: number;
  /** errors / requests, or null without requests. */
  errorRate: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** This row's part of the range's total, 0–1. */
  share: number;
  color: string | null;
}

/** The totals table, largest spend first, each row with its chart colour when it has one. */
export function spendTableRows(report: SpendReport, maxSeries = SERIES_COLORS): SpendTableRow[] {
  const colored = report.series.length > maxSeries ? maxSeries - 1 : report.series.length;
  const colorOf = new Map(report.series.slice(0, colored).map((s, i) => [s.id, seriesColor(i)]));
  return [...report.totals]
    .sort((a, b) => b.costUsd - a.costUsd)
    .map((t) => ({
      id: t.id,
      label: seriesLabel(t, report.groupBy),
      requests: t.requests,
      errorRate: t.requests ? t.errors / t.requests : null,
      promptTokens: t.promptTokens,
      completionTokens: t.completionTokens,
      costUsd: t.costUsd,
      share: report.totalUsd > 0 ? t.costUsd / report.totalUsd : 0,
      color: colorOf.get(t.id) ?? (colored < report.series.length ? 'var(--chart-other)' : null),
    }));
}

export interface LocalCostView {
  bars: { key: 'energy' | 'cloud'; label: string; usd: number }[];
  savingUsd: number;
  /** saving / cloud-equivalent, 0–1, or null when there is nothing to compare. */
  savingShare: number | null;
  tokens: number;
}

export function localCostView(local: SpendReport['local']): LocalCostView {
  return {
    bars: [
      { key: 'energy', label: 'Local energy', usd: local.energyUsd },
      { key: 'cloud', label: 'Cloud equivalent', usd: local.cloudEquivalentUsd },
    ],
    savingUsd: local.savingUsd,
    savingShare: local.cloudEquivalentUsd > 0 ? local.savingUsd / local.cloudEquivalentUsd : null,
    tokens: local.tokens,
  };
}

/**
 * The Logs page's filter for a clicked chart bucket starting at `at`: the rows the bucket sums,
 * [at, at + bucketMs) — from inclusive, to exclusive, as the rollups assign a row to the bucket its
 * time falls in — clipped to the report's range, so that the last (partial) bucket ends where the
 * report does and a click left of the first bucket never reaches before the range.
 */
export function bucketLogFilter(
  at: number,
  report: Pick<SpendReport, 'bucketMs' | 'range'>,
): { fromMs: number; toMs: number } {
  const fromMs = Math.max(report.range.fromMs, Math.floor(at));
  const toMs = Math.min(report.range.toMs, fromMs + report.bucketMs);
  return { fromMs, toMs: Math.max(toMs, fromMs + 1) };
}
