// Spend: cost by key, model and time comes with the rollups; today, the request log's own rows.
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { RecentRequestsCard } from '../../components/RecentRequestsCard';

export function SpendPage() {
  return (
    <Page testId="page-spend">
      <PageHeader title="Spend" description="What every request cost: cloud models at their list prices, local models by the energy their GPUs draw." />
      <div className="stack">
        <RecentRequestsCard view="spend" />
        <Planned
          testId="spend-planned"
          items={[
            'Spend over time by virtual key, team, model group and deployment, from per-minute, hourly and daily rollups.',
            'Budgets against spend, with what is reserved by requests in flight.',
            'Energy cost of local deployments (GPU power × your electricity price) and the cloud-equivalent cost they saved.',
          ]}
        />
      </div>
    </Page>
  );
}
