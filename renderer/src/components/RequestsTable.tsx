// The most recent gateway requests, with either the cost columns (Spend) or the timing columns
// (Performance).
import { formatCount, formatDuration, formatRelative, formatUsd } from '../lib/format';
import type { RequestLogRow } from '../lib/types';
import { Badge } from './Status';
import { useNow } from './use-now';

export function RequestsTable({
  rows,
  view,
  testId,
}: {
  rows: RequestLogRow[];
  view: 'spend' | 'performance';
  testId: string;
}) {
  const now = useNow();
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>When</th>
            <th>Model group</th>
            <th>Deployment</th>
            <th>Status</th>
            {view === 'spend' ? (
              <>
                <th className="num">Tokens in</th>
                <th className="num">Tokens out</th>
                <th className="num">Cost</th>
              </>
            ) : (
              <>
                <th className="num">Latency</th>
                <th className="num">First token</th>
                <th className="num">Attempts</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="nowrap" title={r.at}>
                {formatRelative(r.at, now)}
              </td>
              <td className="mono">{r.modelGroup ?? '—'}</td>
              <td className="mono">{r.deployment ?? '—'}</td>
              <td>
                <Badge tone={r.status < 400 ? 'ok' : r.status === 429 ? 'warn' : 'danger'} dot={false}>
                  {r.status}
                </Badge>
                {r.errorClass && <span className="cell-secondary"> {r.errorClass}</span>}
              </td>
              {view === 'spend' ? (
                <>
                  <td className="num">{formatCount(r.promptTokens)}</td>
                  <td className="num">{formatCount(r.completionTokens)}</td>
                  <td className="num">{formatUsd(r.costUsd)}</td>
                </>
              ) : (
                <>
                  <td className="num">{formatDuration(r.latencyMs)}</td>
                  <td className="num">{r.ttftMs === null ? '—' : formatDuration(r.ttftMs)}</td>
                  <td className="num">{r.attempts}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
