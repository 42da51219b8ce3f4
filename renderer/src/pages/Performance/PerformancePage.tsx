// Performance: throughput, latency percentiles and KV cache come with telemetry; today, the
// timings of the latest logged requests.
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { RecentRequestsCard } from '../../components/RecentRequestsCard';

export function PerformancePage() {
  return (
    <Page testId="page-performance">
      <PageHeader title="Performance" description="How fast each deployment answers and how full its engine is." />
      <div className="stack">
        <RecentRequestsCard view="performance" />
        <Planned
          testId="performance-planned"
          items={[
            'Throughput (tokens per second in and out) per deployment and model group, live.',
            'Latency and time-to-first-token percentiles over time.',
            'KV-cache usage, running and waiting requests and prefix-cache hits, scraped from each engine\'s /metrics.',
            'GPU utilisation, memory, power and temperature beside the engine that uses them.',
          ]}
        />
      </div>
    </Page>
  );
}
