// One time-series chart of the dashboards: lines, areas or stacked areas over time, with a time
// axis of round local times, a value axis whose ticks carry the unit, a tooltip and a legend.
// The container carries `data-testid="chart-<name>"` and `data-points` (rows with a known figure),
// so tests can tell a chart with data from an empty one without reading pixels.
import type { ReactNode } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { capPoints, countPoints, type ChartRow } from './chart-points';
import { ChartLegend, type ChartSeries } from './ChartLegend';
import { ChartTooltip } from './ChartTooltip';
import { timeTickFormatter, timeTicks } from './time-axis';

export interface TimeSeriesChartProps {
  /** The test id is `chart-<name>`. */
  name: string;
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  kind: 'line' | 'area' | 'stacked';
  /** The range asked for; the time axis starts at the first point when data begins later. */
  range: { fromMs: number; toMs: number };
  bucketMs: number;
  formatValue: (value: number) => string;
  /** Value axis bounds; the default is 0 to a round figure above the largest value. */
  yDomain?: [number, number | 'auto'];
  /** Value axis ticks, when round figures of the unit differ from recharts' own (e.g. GiB). */
  yTicks?: number[];
  /** How the client-side guard merges points if more than MAX_POINTS arrive. */
  combine: 'sum' | 'mean';
  /** What the chart says (and what to do) when no row has a figure. */
  empty: ReactNode;
  height?: number;
  /** A click on the chart: the start (epoch ms) of the bucket under the pointer (the Logs page link). */
  onBucketClick?: (bucketAt: number) => void;
}

/** Where the time axis starts: the range's start, or the first point (less a bucket) when later. */
export function visibleFrom(rows: readonly ChartRow[], range: { fromMs: number }, bucketMs: number): number {
  return rows.length ? Math.max(range.fromMs, rows[0].at - bucketMs) : range.fromMs;
}

export function TimeSeriesChart({
  name,
  rows,
  series,
  kind,
  range,
  bucketMs,
  formatValue,
  yDomain = [0, 'auto'],
  yTicks,
  combine,
  empty,
  height = 220,
  onBucketClick,
}: TimeSeriesChartProps) {
  const data = capPoints(rows, combine);
  const points = countPoints(
    data,
    series.map((s) => s.key),
  );
  const testId = `chart-${name}`;
  if (points === 0) {
    return (
      <div className="chart chart-is-empty" data-testid={testId} data-points={0}>
        <div className="chart-empty" data-testid={`${testId}-empty`}>
          <p>{empty}</p>
        </div>
      </div>
    );
  }
  const from = visibleFrom(data, range, bucketMs);
  const to = Math.max(range.toMs, data[data.length - 1].at);
  const stacked = kind === 'stacked';
  // With few points (a new instance, minute buckets) dots show where the figures are.
  const dot = points <= 24 ? { r: 2.5, strokeWidth: 0, fillOpacity: 1 } : false;
  return (
    <div className={`chart${onBucketClick ? ' is-clickable' : ''}`} data-testid={testId} data-points={points}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
          onClick={
            onBucketClick
              ? (state) => {
                  // The bucket the tooltip shows: its x value (the bucket's start), else its index.
                  const label = Number(state?.activeLabel);
                  const at = Number.isFinite(label) && label > 0 ? label : data[Number(state?.activeIndex)]?.at;
                  if (at !== undefined) onBucketClick(at);
                }
              : undefined
          }
        >
          <CartesianGrid vertical={false} className="chart-grid" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={[from, to]}
            allowDataOverflow
            ticks={timeTicks(from, to)}
            tickFormatter={timeTickFormatter(to - from)}
            className="chart-axis"
            tickMargin={6}
            minTickGap={8}
          />
          <YAxis
            type="number"
            domain={yDomain}
            ticks={yTicks}
            tickFormatter={formatValue}
            width="auto"
            className="chart-axis"
            tickMargin={4}
            allowDecimals
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ className: 'chart-cursor' }}
            content={(props) => (
              <ChartTooltip
                row={props.payload?.[0]?.payload as ChartRow | undefined}
                series={series}
                formatValue={formatValue}
                bucketMs={bucketMs}
                showTotal={stacked}
              />
            )}
          />
          {series.map((s) =>
            kind === 'line' ? (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={1.8}
                strokeDasharray={s.dashed ? '5 3' : undefined}
                dot={dot && { ...dot, fill: s.color }}
                activeDot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
                type="monotone"
              />
            ) : (
              <Area
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                fill={s.color}
                fillOpacity={stacked ? 0.55 : 0.22}
                strokeWidth={1.5}
                stackId={stacked ? 'stack' : undefined}
                dot={dot && { ...dot, fill: s.color }}
                connectNulls
                isAnimationActive={false}
                type={stacked ? 'linear' : 'monotone'}
                activeDot={{ r: 3 }}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartLegend series={series} testId={`${testId}-legend`} />
    </div>
  );
}
