// Series colours for the dashboards' charts. Each is a CSS variable defined for both themes in
// styles/dashboards.css, so one chart reads well in light and dark without knowing the theme.

/** Categorical colours, distinct side by side (stacked areas, one per key / group / deployment). */
const SERIES = 8;

export function seriesColor(index: number): string {
  return `var(--chart-${(index % SERIES) + 1})`;
}

/** How many distinct series colours there are; charts fold further series into "Other". */
export const SERIES_COLORS = SERIES;

/** Percentile lines: the same hue family from light (p50) to strong (p99). */
export const PERCENTILE_COLORS = { p50: 'var(--chart-p50)', p95: 'var(--chart-p95)', p99: 'var(--chart-p99)' } as const;
