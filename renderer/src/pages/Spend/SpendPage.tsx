// Spend: what requests cost over time by key, model group, team or deployment, the totals, a CSV
// export, and local deployments' energy cost beside the cloud price of the same tokens. Live.
import { useState } from 'react';
import { Button } from '../../components/Button';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { RecentRequestsCard } from '../../components/RecentRequestsCard';
import { Segmented } from '../../components/Segmented';
import { RangePicker } from '../../components/charts/RangePicker';
import { useLiveDashboard } from '../../components/charts/use-live-dashboard';
import { errorMessage } from '../../lib/errors';
import { actions, useAppPick } from '../../store';
import { downloadCsv } from './csv-download';
import { LocalCostCard } from './LocalCostCard';
import { SpendChartCard } from './SpendChartCard';
import { SpendTable } from './SpendTable';
import { GROUP_BY_OPTIONS } from './spend-view';

export function SpendPage() {
  useLiveDashboard('spend');
  const { report, query, gatewayUrl } = useAppPick((s) => ({
    report: s.spendReport,
    query: s.spendQuery,
    gatewayUrl: s.gateway?.url ?? s.system.data?.gateway.url ?? null,
  }));
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const groupLabel = GROUP_BY_OPTIONS.find((o) => o.value === query.groupBy)?.label ?? 'Model group';

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const { filename, csv } = await actions().exportSpendCsv();
      downloadCsv(filename, csv);
    } catch (err) {
      setExportError(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page testId="page-spend">
      <PageHeader
        title="Spend"
        description="What every request cost: cloud models at their list prices, local models by the energy their GPUs draw."
        actions={
          <Button busy={exporting} onClick={() => void exportCsv()} testId="spend-export">
            Export CSV
          </Button>
        }
      />
      <div className="dash-toolbar" data-testid="spend-toolbar">
        <RangePicker
          value={query.range}
          onChange={(range) => actions().setSpendQuery({ range })}
          testId="spend-range"
        />
        <Segmented
          label="Group by"
          value={query.groupBy}
          options={GROUP_BY_OPTIONS}
          onChange={(groupBy) => actions().setSpendQuery({ groupBy })}
          testId="spend-group-by"
        />
      </div>
      {exportError && (
        <Notice tone="danger" title="Could not export" testId="spend-export-error">
          {exportError}
        </Notice>
      )}
      <LoadState value={report} onRetry={() => void actions().loadSpend()} testId="spend">
        {(r) => (
          <div
            className="stack"
            data-testid="spend-report"
            data-group-by={r.groupBy}
            data-from={r.range.fromMs}
            data-to={r.range.toMs}
          >
            <SpendChartCard report={r} gatewayUrl={gatewayUrl} groupLabel={groupLabel} />
            <div className="dash-grid-wide">
              <SpendTable report={r} groupLabel={groupLabel} />
              <LocalCostCard local={r.local} />
            </div>
          </div>
        )}
      </LoadState>
      <RecentRequestsCard view="spend" />
    </Page>
  );
}
