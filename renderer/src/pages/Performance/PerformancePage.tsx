// Performance: per deployment or endpoint, how fast it answers (throughput, latency and TTFT
// percentiles) and how full its engine is (KV cache, queue, preemptions, prefix hits), with its
// GPUs. Live from each scrape round.
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { RecentRequestsCard } from '../../components/RecentRequestsCard';
import { RangePicker } from '../../components/charts/RangePicker';
import { useLiveDashboard } from '../../components/charts/use-live-dashboard';
import { PerformanceIcon } from '../../components/icons';
import { actions, useAppPick } from '../../store';
import { EngineCharts } from './EngineCharts';
import { GpuCharts } from './GpuCharts';

export function PerformancePage() {
  useLiveDashboard('performance');
  const { report, query } = useAppPick((s) => ({ report: s.performanceReport, query: s.performanceQuery }));
  const targets = report.data?.targets ?? [];
  const selected = report.data?.target ?? query.target ?? '';

  return (
    <Page testId="page-performance">
      <PageHeader
        title="Performance"
        description="How fast each deployment answers and how full its engine is, from its /metrics scraped every 5 s."
      />
      <div className="dash-toolbar" data-testid="performance-toolbar">
        <RangePicker
          value={query.range}
          onChange={(range) => actions().setPerformanceQuery({ range })}
          testId="performance-range"
        />
        <label className="dash-select">
          <span>Deployment</span>
          <select
            className="input select"
            value={selected}
            disabled={targets.length === 0}
            data-testid="performance-target"
            onChange={(e) => actions().setPerformanceQuery({ target: e.target.value })}
          >
            {targets.length === 0 && <option value="">None with samples</option>}
            {targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadState value={report} onRetry={() => void actions().loadPerformance()} testId="performance">
        {(r) =>
          r.target === null ? (
            <EmptyState
              icon={<PerformanceIcon size={28} />}
              title="No engine samples in this range"
              testId="performance-empty"
              action={<Link to="/deploy">Deploy a model</Link>}
            >
              Deploy a model (or add a vLLM endpoint); once it is ready its /metrics are scraped every 5 s and charted
              here. Or pick a longer range.
            </EmptyState>
          ) : (
            <div
              className="stack"
              data-testid="performance-report"
              data-target={r.target}
              data-from={r.range.fromMs}
              data-to={r.range.toMs}
            >
              <EngineCharts report={r} />
              <GpuCharts report={r} />
            </div>
          )
        }
      </LoadState>
      <RecentRequestsCard view="performance" />
    </Page>
  );
}
