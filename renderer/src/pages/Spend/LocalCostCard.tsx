// Local GPUs (Switchyard's deployments and self-hosted vLLM servers): what their tokens cost in
// energy beside what the same tokens would have cost on the cloud models they stand in for, and
// the saving.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { Card } from '../../components/Card';
import { formatUsdAxis } from '../../components/charts/value-format';
import { GaugeIcon } from '../../components/icons';
import { formatCount, formatUsd } from '../../lib/format';
import { formatPct } from '../../lib/telemetry';
import type { SpendReport } from '../../lib/dashboard-types';
import { localCostView } from './spend-view';

const BAR_COLOR = { energy: 'var(--chart-energy)', cloud: 'var(--chart-cloud)' } as const;

export function LocalCostCard({ local }: { local: SpendReport['local'] }) {
  const view = localCostView(local);
  const hasData = view.tokens > 0;
  return (
    <Card
      title="Local vs cloud"
      subtitle="Energy cost of local deployments and self-hosted vLLM beside the cloud-equivalent price of the same tokens"
      icon={<GaugeIcon />}
      testId="spend-local"
    >
      {hasData ? (
        <div className="chart" data-testid="chart-local-cost" data-points={view.bars.length}>
          <ResponsiveContainer width="100%" height={120}>
            <BarChart
              data={view.bars}
              layout="vertical"
              margin={{ top: 4, right: 64, bottom: 0, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid horizontal={false} className="chart-grid" />
              <XAxis type="number" tickFormatter={formatUsdAxis} className="chart-axis" domain={[0, 'auto']} />
              <YAxis type="category" dataKey="label" width={118} className="chart-axis" />
              <Bar dataKey="usd" isAnimationActive={false} barSize={22} radius={[0, 4, 4, 0]}>
                {view.bars.map((b) => (
                  <Cell key={b.key} fill={BAR_COLOR[b.key]} />
                ))}
                <LabelList
                  dataKey="usd"
                  position="right"
                  formatter={(v: unknown) => formatUsd(Number(v))}
                  className="chart-bar-label"
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
          <p className="local-saving" data-testid="spend-saving">
            Saved <strong>{formatUsd(view.savingUsd)}</strong>
            {view.savingShare !== null && <> ({formatPct(view.savingShare * 100)} of the cloud price)</>} on{' '}
            {formatCount(view.tokens)} tokens.
          </p>
        </div>
      ) : (
        <div className="chart chart-is-empty" data-testid="chart-local-cost" data-points={0}>
          <div className="chart-empty" data-testid="chart-local-cost-empty">
            <p>
              <strong>No local tokens in this range.</strong> Deploy a model on the Deploy page (or add a self-hosted
              vLLM with a cloud equivalent on the Providers page) and send it traffic; set your electricity price in
              Settings.
            </p>
          </div>
        </div>
      )}
    </Card>
  );
}
