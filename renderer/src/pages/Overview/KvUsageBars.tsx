// KV-cache usage per deployment as horizontal bars on a 0–100 % scale, fullest first.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatPctAxis } from '../../components/charts/value-format';
import { formatPct } from '../../lib/telemetry';
import type { KvBar } from './overview-view';

const TONE_COLOR = { ok: 'var(--chart-4)', warn: 'var(--warn)', danger: 'var(--danger)' } as const;
const ROW_PX = 26;

export function KvUsageBars({ bars }: { bars: KvBar[] }) {
  const data = bars.map((b) => ({ ...b, value: b.pct ?? 0 }));
  return (
    <div className="chart" data-testid="chart-overview-kv" data-points={bars.filter((b) => b.pct !== null).length}>
      <ResponsiveContainer width="100%" height={bars.length * ROW_PX + 28}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} className="chart-grid" />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={formatPctAxis} className="chart-axis" />
          <YAxis type="category" dataKey="target" width={150} className="chart-axis" interval={0} />
          <Bar dataKey="value" isAnimationActive={false} barSize={14} radius={[0, 3, 3, 0]} background={{ className: 'chart-bar-track' }}>
            {data.map((b) => <Cell key={b.target} fill={TONE_COLOR[b.tone]} />)}
            <LabelList dataKey="pct" position="right" formatter={(v: unknown) => formatPct(v === null || v === undefined ? null : Number(v))} className="chart-bar-label" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
