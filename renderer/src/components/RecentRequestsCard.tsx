// A card with the latest logged requests and a few totals over exactly those rows, labelled as
// such: the real window, not an estimate of anything wider.
import { useEffect } from 'react';
import { formatCount, formatDuration, formatUsd } from '../lib/format';
import { summarizeRequests } from '../lib/requests';
import { actions, useAppPick } from '../store';
import { Button } from './Button';
import { Card } from './Card';
import { EmptyState } from './EmptyState';
import { PerformanceIcon, RefreshIcon, SpendIcon } from './icons';
import { LoadState } from './LoadState';
import { RequestsTable } from './RequestsTable';

export function RecentRequestsCard({ view }: { view: 'spend' | 'performance' }) {
  const { recent } = useAppPick((s) => ({ recent: s.recentRequests }));

  useEffect(() => {
    void actions().loadRecentRequests();
  }, []);

  return (
    <Card
      title="Recent requests"
      subtitle="Straight from the request log"
      testId="recent-requests"
      actions={
        <Button
          size="sm"
          variant="ghost"
          icon={<RefreshIcon />}
          busy={recent.loading}
          onClick={() => void actions().loadRecentRequests()}
          testId="recent-requests-refresh"
        >
          Refresh
        </Button>
      }
    >
      <LoadState value={recent} onRetry={() => void actions().loadRecentRequests()} testId="recent-requests">
        {(rows) => {
          if (rows.length === 0) {
            return (
              <EmptyState
                icon={view === 'spend' ? <SpendIcon size={28} /> : <PerformanceIcon size={28} />}
                title="No requests logged yet"
                testId="requests-empty"
              >
                Requests through the gateway appear here as they are logged. Create a key on Keys & Budgets and point an
                OpenAI client at the gateway.
              </EmptyState>
            );
          }
          const s = summarizeRequests(rows);
          const tiles =
            view === 'spend'
              ? [
                  ['Cost', formatUsd(s.costUsd)],
                  ['Tokens in', formatCount(s.promptTokens)],
                  ['Tokens out', formatCount(s.completionTokens)],
                  ['Errors', formatCount(s.errors)],
                ]
              : [
                  ['Latency p50', s.latencyP50Ms === null ? '—' : formatDuration(s.latencyP50Ms)],
                  ['Latency p95', s.latencyP95Ms === null ? '—' : formatDuration(s.latencyP95Ms)],
                  ['First token p50', s.ttftP50Ms === null ? '—' : formatDuration(s.ttftP50Ms)],
                  ['Errors', formatCount(s.errors)],
                ];
          return (
            <>
              <p className="muted small" data-testid="recent-requests-window">
                Over the last {formatCount(s.count)} request{s.count === 1 ? '' : 's'}:
              </p>
              <div className="stat-row stat-row-compact" data-testid="recent-requests-summary">
                {tiles.map(([label, value]) => (
                  <div className="stat-tile is-static" key={label}>
                    <span className="stat-value">{value}</span>
                    <span className="stat-label">{label}</span>
                  </div>
                ))}
              </div>
              <RequestsTable rows={rows} view={view} testId="requests-table" />
            </>
          );
        }}
      </LoadState>
    </Card>
  );
}
