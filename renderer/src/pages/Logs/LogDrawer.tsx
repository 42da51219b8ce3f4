// One request in full, beside the table: who sent it, what served it, its tokens and cost, and
// what the gateway recorded of it (LogTrace: attempts, latency split, reservation, headers,
// bodies); a row logged before those were recorded says so plainly.
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Badge } from '../../components/Status';
import { formatCount, formatDuration, formatUsd } from '../../lib/format';
import { actions, useAppStore } from '../../store';
import { statusTone } from './log-filter';
import { LogTrace } from './LogTrace';

export function LogDrawer() {
  const detail = useAppStore((s) => s.logDetail);
  if (detail.seq === null) return null;
  const d = detail.data;
  return (
    <aside className="log-drawer" data-testid="logs-drawer" aria-label="Request detail">
      <header className="log-drawer-head">
        <h2 className="card-title">Request</h2>
        <Button variant="ghost" size="sm" onClick={() => actions().closeLogRow()} testId="logs-drawer-close">
          Close
        </Button>
      </header>
      {detail.loading && <p className="faint">Loading…</p>}
      {detail.error && (
        <p className="log-danger" data-testid="logs-drawer-error">
          {detail.error}
        </p>
      )}
      {d && (
        <div className="log-drawer-body">
          <div className="log-drawer-id">
            <code data-testid="logs-drawer-id">{d.row.id}</code>
            <CopyButton value={d.row.id} testId="logs-drawer-copy" />
          </div>
          {d.sameIdCount > 0 && (
            <p className="faint">
              {d.sameIdCount} other request{d.sameIdCount === 1 ? '' : 's'} carried the same id (clients may send their
              own).
            </p>
          )}
          <dl className="log-facts">
            <dt>Time</dt>
            <dd>{new Date(d.row.at).toLocaleString()}</dd>
            <dt>Status</dt>
            <dd>
              <Badge tone={statusTone(d.row.status)} dot={false}>
                {d.row.status}
              </Badge>{' '}
              {d.row.errorClass ?? ''}
            </dd>
            <dt>Key</dt>
            <dd>{d.row.keyAlias ?? d.row.keyPrefix ?? d.row.keyId ?? 'master key'}</dd>
            <dt>Team</dt>
            <dd>{d.row.teamAlias ?? d.row.teamId ?? '—'}</dd>
            <dt>Model group</dt>
            <dd className="mono">{d.row.modelGroup ?? '—'}</dd>
            <dt>Served by</dt>
            <dd className="mono" data-testid="logs-drawer-served">
              {d.row.deployment ?? 'none (refused or failed before a target answered)'}
            </dd>
            <dt>Route</dt>
            <dd className="mono" data-testid="logs-drawer-route">
              {d.row.route ?? 'not recorded (logged before routes were)'}
            </dd>
            <dt>Attempts</dt>
            <dd data-testid="logs-drawer-attempts">
              {d.row.attempts} {d.row.attempts > 1 ? `(${d.row.attempts - 1} retried or fell back)` : ''}
            </dd>
            <dt>Tokens</dt>
            <dd>
              {formatCount(d.row.promptTokens)} in, {formatCount(d.row.completionTokens)} out
            </dd>
            <dt>Cost</dt>
            <dd data-testid="logs-drawer-cost">{formatUsd(d.row.costUsd)}</dd>
          </dl>
          <LogTrace
            row={d.row}
            fallback={
              <>
                <h3 className="log-drawer-sub">Latency</h3>
                <LatencySplit
                  total={d.latency.totalMs}
                  ttft={d.latency.ttftMs}
                  generation={d.latency.generationMs}
                  tokensPerSecond={d.tokensPerSecond}
                />
                <h3 className="log-drawer-sub">Not recorded in the log</h3>
                <p className="faint">This row was logged before the gateway recorded each attempt.</p>
                <ul className="log-drawer-missing" data-testid="logs-drawer-not-recorded">
                  {d.notRecorded.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            }
          />
        </div>
      )}
    </aside>
  );
}

function LatencySplit({
  total,
  ttft,
  generation,
  tokensPerSecond,
}: {
  total: number;
  ttft: number | null;
  generation: number | null;
  tokensPerSecond: number | null;
}) {
  const share = (ms: number) => `${Math.max(2, (ms / Math.max(total, 1)) * 100)}%`;
  return (
    <div data-testid="logs-drawer-latency">
      <div className="latency-bar" aria-hidden="true">
        {ttft !== null ? (
          <>
            <span className="latency-ttft" style={{ width: share(ttft) }} />
            <span className="latency-gen" style={{ width: share(generation ?? 0) }} />
          </>
        ) : (
          <span className="latency-ttft" style={{ width: '100%' }} />
        )}
      </div>
      <p className="faint">
        {formatDuration(total)} in all
        {ttft !== null
          ? ` · first token after ${formatDuration(ttft)}`
          : ' · no first-token time (not streamed, or no token came)'}
        {generation !== null ? ` · generation ${formatDuration(generation)}` : ''}
        {tokensPerSecond !== null ? ` · ${tokensPerSecond.toFixed(1)} tok/s` : ''}
      </p>
    </div>
  );
}
