// A ready deployment's engine over the last 15 minutes: two tiny lines (KV-cache usage and
// generation tokens/s, as scraped from its /metrics every 5 s) with the latest figures beside
// them. The samples are the store's (telemetry-slice), kept live by the `telemetry.samples` event.
import { useMemo } from 'react';
import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { formatPct, formatTps, sparkView, type SparkPoint } from '../../lib/telemetry';
import { useAppStore } from '../../store';

const WIDTH = 132;
const HEIGHT = 26;
const NO_SAMPLES: never[] = [];

interface SparkChartProps {
  points: SparkPoint[];
  dataKey: 'kvPct' | 'tps';
  /** The value axis; the lower bound is always 0. */
  max: number | ((dataMax: number) => number);
  label: string;
}

/** One line, no axes, grid, tooltip or animation; coloured from the theme by its CSS class. */
function SparkChart({ points, dataKey, max, label }: SparkChartProps) {
  return (
    <div className={`spark-chart spark-chart-${dataKey}`} role="img" aria-label={label} title={label}>
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={points}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        accessibilityLayer={false}
      >
        <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} hide />
        <YAxis type="number" domain={[0, max]} hide />
        <Line
          dataKey={dataKey}
          type="monotone"
          dot={false}
          activeDot={false}
          strokeWidth={1.5}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </div>
  );
}

export function Sparkline({ name, testId }: { name: string; testId: string }) {
  const samples = useAppStore((s) => s.samples[name] ?? NO_SAMPLES);
  const view = useMemo(() => sparkView(samples), [samples]);

  if (view.samples === 0) {
    return (
      <div className="spark spark-empty" data-testid={testId} data-samples={0}>
        <span className="spark-title">Last 15 min</span>
        <span className="faint">No samples yet — the engine is scraped every 5 s.</span>
      </div>
    );
  }

  const kvLabel = `KV-cache usage, last 15 minutes: now ${formatPct(view.latest.kvPct)}, peak ${formatPct(view.peak.kvPct)}`;
  const tpsLabel = `Generation throughput, last 15 minutes: now ${formatTps(view.latest.tps)}, peak ${formatTps(view.peak.tps)}`;
  return (
    <div className="spark" data-testid={testId} data-samples={view.samples}>
      <span className="spark-title">Last 15 min</span>
      <div className="spark-row">
        <span className="spark-label">KV cache</span>
        <SparkChart points={view.points} dataKey="kvPct" max={100} label={kvLabel} />
        <span className="spark-value mono" data-testid={`${testId}-kv`}>
          {formatPct(view.latest.kvPct)}
        </span>
      </div>
      <div className="spark-row">
        <span className="spark-label">Generation</span>
        <SparkChart points={view.points} dataKey="tps" max={(dataMax) => Math.max(dataMax, 1)} label={tpsLabel} />
        <span className="spark-value mono" data-testid={`${testId}-tps`}>
          {formatTps(view.latest.tps)}
        </span>
      </div>
    </div>
  );
}
