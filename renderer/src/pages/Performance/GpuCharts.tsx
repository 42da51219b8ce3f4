// GPU utilisation, memory and power of the target's host, one series per GPU; or, with no GPU
// samples, what to do to get them.
import { Link } from 'react-router-dom';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { GpuIcon } from '../../components/icons';
import type { PerformanceReport } from '../../lib/dashboard-types';
import { GPU_CHARTS, gpuMemoryTop, gpuRows } from './performance-view';

export function GpuCharts({ report }: { report: PerformanceReport }) {
  if (!report.gpus.some((g) => g.points.length > 0)) {
    return (
      <Card title="GPUs" subtitle="Utilisation, memory and power" icon={<GpuIcon />} testId="performance-gpus">
        <EmptyState
          icon={<GpuIcon size={28} />}
          title="No GPU samples"
          testId="performance-gpu-empty"
          action={<Link to="/hosts">Open Hosts &amp; GPUs</Link>}
        >
          No GPU samples in this range — add a host with NVIDIA GPUs on Hosts &amp; GPUs, and its GPUs are sampled while
          deployments run there.
        </EmptyState>
      </Card>
    );
  }
  return (
    <div className="dash-grid dash-grid-3" data-testid="performance-gpus">
      {GPU_CHARTS.map((chart) => {
        const { rows, series } = gpuRows(report.gpus, chart.figure);
        const memoryTop = gpuMemoryTop(report.gpus);
        const isMemory = chart.figure === 'memoryUsedMib';
        const yDomain = isMemory ? ([0, memoryTop] as [number, number | 'auto']) : chart.yDomain;
        // Quarters of the largest board's memory: 0, 6, 12, 18, 24 GiB rather than 6.3, 13 …
        const yTicks = isMemory && memoryTop !== 'auto' ? [0, 1, 2, 3, 4].map((q) => (memoryTop * q) / 4) : undefined;
        return (
          <Card
            key={chart.name}
            title={chart.title}
            subtitle={chart.subtitle}
            icon={<GpuIcon />}
            testId={`performance-card-${chart.name}`}
            className="chart-card"
          >
            <TimeSeriesChart
              name={chart.name}
              rows={rows}
              series={series}
              kind="line"
              range={report.range}
              bucketMs={report.bucketMs}
              formatValue={chart.formatValue}
              yDomain={yDomain}
              yTicks={yTicks}
              combine="mean"
              height={180}
              empty={<>No {chart.title.toLowerCase()} samples in this range.</>}
            />
          </Card>
        );
      })}
    </div>
  );
}
