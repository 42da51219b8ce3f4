// The totals under the spend chart: one row per key / group / team / deployment in the range.
import { Card } from '../../components/Card';
import { formatCount, formatUsd } from '../../lib/format';
import { formatPct } from '../../lib/telemetry';
import type { SpendReport } from '../../lib/dashboard-types';
import { spendTableRows } from './spend-view';

export function SpendTable({ report, groupLabel }: { report: SpendReport; groupLabel: string }) {
  const rows = spendTableRows(report);
  return (
    <Card title="Totals" subtitle={`By ${groupLabel.toLowerCase()}, over the range shown`} testId="spend-totals">
      {rows.length === 0 ? (
        <p className="muted" data-testid="spend-totals-empty">
          No requests in this range.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="spend-table">
            <thead>
              <tr>
                <th>{groupLabel}</th>
                <th className="num">Requests</th>
                <th className="num">Errors</th>
                <th className="num">Tokens in</th>
                <th className="num">Tokens out</th>
                <th className="num">Cost</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="spend-table-row">
                  <td>
                    <span className="chart-swatch" style={r.color ? { background: r.color } : undefined} />
                    <span className="spend-row-label" title={r.label}>
                      {r.label}
                    </span>
                  </td>
                  <td className="num">{formatCount(r.requests)}</td>
                  <td className="num">{r.errorRate === null ? '—' : formatPct(r.errorRate * 100)}</td>
                  <td className="num">{formatCount(r.promptTokens)}</td>
                  <td className="num">{formatCount(r.completionTokens)}</td>
                  <td className="num">{formatUsd(r.costUsd)}</td>
                  <td className="num">{formatPct(r.share * 100)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>Total</td>
                <td className="num">{formatCount(rows.reduce((n, r) => n + r.requests, 0))}</td>
                <td />
                <td className="num">{formatCount(rows.reduce((n, r) => n + r.promptTokens, 0))}</td>
                <td className="num">{formatCount(rows.reduce((n, r) => n + r.completionTokens, 0))}</td>
                <td className="num" data-testid="spend-table-total">
                  {formatUsd(report.totalUsd)}
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Card>
  );
}
