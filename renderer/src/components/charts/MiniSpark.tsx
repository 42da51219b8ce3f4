// A tile's tiny area chart: no axes, grid or tooltip; the tile's figures say the numbers.
// Carries `data-testid="chart-<name>"` and `data-points` like the full charts.
import { Area, AreaChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { areaRows, countPoints, type ChartRow } from './chart-points';

export function MiniSpark({
  name,
  rows,
  dataKey,
  color,
  label,
  height = 40,
}: {
  name: string;
  rows: readonly ChartRow[];
  dataKey: string;
  color: string;
  label: string;
  height?: number;
}) {
  const points = countPoints(
    rows.filter((r) => (r[dataKey] ?? 0) !== 0),
    [dataKey],
  );
  return (
    <div
      className="mini-spark"
      data-testid={`chart-${name}`}
      data-points={points}
      role="img"
      aria-label={label}
      title={label}
    >
      <ResponsiveContainer width="100%" height={height}>
        <AreaChart data={areaRows(rows)} margin={{ top: 2, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} hide />
          <YAxis type="number" domain={[0, 'auto']} hide />
          <Area
            dataKey={dataKey}
            type="monotone"
            stroke={color}
            fill={color}
            fillOpacity={0.25}
            strokeWidth={1.5}
            isAnimationActive={false}
            dot={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
