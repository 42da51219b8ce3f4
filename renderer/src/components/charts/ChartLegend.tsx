// A chart's legend as plain HTML under the plot: a swatch and a name per series, wrapping rather
// than overlapping however many series there are.

export interface ChartSeries {
  /** The row field this series reads (safe characters only: recharts reads dotted keys as paths). */
  key: string;
  label: string;
  color: string;
  /** Dashed line (e.g. a limit or a secondary figure). */
  dashed?: boolean;
}

export function ChartLegend({ series, testId }: { series: readonly ChartSeries[]; testId: string }) {
  return (
    <ul className="chart-legend" data-testid={testId}>
      {series.map((s) => (
        <li key={s.key} className="chart-legend-item">
          <span className={`chart-swatch${s.dashed ? ' is-dashed' : ''}`} style={{ background: s.color }} />
          <span className="chart-legend-label" title={s.label}>
            {s.label}
          </span>
        </li>
      ))}
    </ul>
  );
}
