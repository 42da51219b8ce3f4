// Spend over time, stacked by the chosen grouping (USD per bucket), with the range's total.
import { useNavigate } from 'react-router-dom';
import { Card } from '../../components/Card';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { bucketLabel } from '../../components/charts/time-axis';
import { formatUsdAxis } from '../../components/charts/value-format';
import { SpendIcon } from '../../components/icons';
import { formatUsd } from '../../lib/format';
import type { SpendReport } from '../../lib/dashboard-types';
import { logsLink } from '../Logs/log-filter';
import { bucketLogFilter, spendChartView } from './spend-view';

export function SpendChartCard({
  report,
  gatewayUrl,
  groupLabel,
}: {
  report: SpendReport;
  gatewayUrl: string | null;
  groupLabel: string;
}) {
  const view = spendChartView(report);
  const navigate = useNavigate();
  return (
    <Card
      title="Spend over time"
      subtitle={`USD per ${bucketLabel(report.bucketMs)}, stacked by ${groupLabel.toLowerCase()}`}
      icon={<SpendIcon />}
      testId="spend-chart-card"
      actions={
        <span className="chart-headline" data-testid="spend-total">
          {formatUsd(report.totalUsd)}
          <span className="faint"> in range</span>
        </span>
      }
    >
      <TimeSeriesChart
        name="spend"
        rows={view.rows}
        series={view.series}
        kind="stacked"
        range={report.range}
        bucketMs={report.bucketMs}
        formatValue={formatUsdAxis}
        combine="sum"
        height={280}
        onBucketClick={(at) => navigate(logsLink(bucketLogFilter(at, report)))}
        empty={
          <>
            <strong>No spend in this range.</strong> Send a request through the gateway
            {gatewayUrl ? (
              <>
                {' '}
                at <code>{gatewayUrl}</code>
              </>
            ) : null}{' '}
            with a virtual key, or pick a longer range.
          </>
        }
      />
    </Card>
  );
}
