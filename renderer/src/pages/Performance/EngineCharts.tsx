// The engine charts of one target: throughput, requests, latency and TTFT percentiles, KV cache,
// running vs waiting, preemptions and prefix-cache hits, each in its own card.
import { useNavigate } from 'react-router-dom';
import { Card } from '../../components/Card';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { bucketLabel } from '../../components/charts/time-axis';
import type { PerformanceReport } from '../../lib/dashboard-types';
import { logsLink } from '../Logs/log-filter';
import { ENGINE_CHARTS, engineRows } from './performance-view';

export function EngineCharts({ report }: { report: PerformanceReport }) {
  const rows = engineRows(report.points);
  const per = bucketLabel(report.bucketMs);
  const navigate = useNavigate();
  // A bucket opens the requests this target served in it.
  const openLogs = (at: number) =>
    navigate(logsLink({ deployment: report.target ?? undefined, fromMs: at, toMs: at + report.bucketMs }));
  return (
    <div className="dash-grid" data-testid="performance-engine-charts">
      {ENGINE_CHARTS.map((chart) => (
        <Card
          key={chart.name}
          title={chart.title}
          subtitle={`${chart.subtitle} · per ${per}`}
          testId={`performance-card-${chart.name}`}
          className="chart-card"
        >
          <TimeSeriesChart
            name={chart.name}
            rows={rows}
            series={chart.series}
            kind={chart.kind}
            range={report.range}
            bucketMs={report.bucketMs}
            formatValue={chart.formatValue}
            yDomain={chart.yDomain}
            combine="mean"
            onBucketClick={openLogs}
            empty={
              <>
                No {chart.title.toLowerCase()} figures for <code>{report.target}</code> in this range. Its engine
                reports them once it serves requests; pick a longer range to see earlier ones.
              </>
            }
          />
        </Card>
      ))}
    </div>
  );
}
