// The hover card of a time-series chart: the point's time, then each series' figure with its
// colour, in legend order (stacked charts add the total). Styled by class from the theme.
import type { ChartRow } from './chart-points';
import type { ChartSeries } from './ChartLegend';
import { formatPointTime } from './time-axis';

interface ChartTooltipProps {
  row: ChartRow | undefined;
  series: readonly ChartSeries[];
  formatValue: (value: number) => string;
  bucketMs: number;
  showTotal: boolean;
}

export function ChartTooltip({ row, series, formatValue, bucketMs, showTotal }: ChartTooltipProps) {
  if (!row) return null;
  const known = series.filter((s) => typeof row[s.key] === 'number');
  const total = known.reduce((sum, s) => sum + (row[s.key] as number), 0);
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <div className="chart-tooltip-time">{formatPointTime(row.at, bucketMs)}</div>
      <table>
        <tbody>
          {series.map((s) => (
            <tr key={s.key}>
              <td>
                <span className="chart-swatch" style={{ background: s.color }} />
              </td>
              <td className="chart-tooltip-label">{s.label}</td>
              <td className="chart-tooltip-value">
                {typeof row[s.key] === 'number' ? formatValue(row[s.key] as number) : '—'}
              </td>
            </tr>
          ))}
          {showTotal && known.length > 1 && (
            <tr className="chart-tooltip-total">
              <td />
              <td className="chart-tooltip-label">Total</td>
              <td className="chart-tooltip-value">{formatValue(total)}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
