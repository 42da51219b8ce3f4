// The drawer's recorded detail of one request (logs.trace): the attempt chain, the latency split
// (queued, failed attempts, upstream first token, generation), the reservation against the settled
// cost, the headers sent back, and — where body capture stored them — the bodies, with "Replay in
// Playground". Rows from before the gateway recorded these say so instead.
import { type ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CapturedBodies, CapturedBody, RequestTrace, TraceAttempt } from '../../../../shared/contract-capture';
import type { LogRow } from '../../../../shared/contract-logs';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Status';
import { errorMessage } from '../../lib/errors';
import { formatCount, formatDuration, formatUsd } from '../../lib/format';
import { actions } from '../../store';
import { replayOf } from './replay';

type Loaded = { trace: RequestTrace | null; bodies: CapturedBodies | null };

const STEP_LABEL: Record<TraceAttempt['step'], string> = {
  first: 'first try',
  retry: 'retry',
  fallback: 'group fallback',
  'context-window-fallback': 'context-window fallback',
};

export function LogTrace({ row, fallback }: { row: LogRow; fallback: ReactNode }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    api.call('logs.trace', { seq: row.seq }).then(
      (d) => live && setData(d),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [row.seq]);
  if (error) return <p className="log-danger">{error}</p>;
  if (!data) return <p className="faint">Loading the attempts…</p>;
  return (
    <>
      {data.trace ? <TraceView trace={data.trace} row={row} /> : fallback}
      <h3 className="log-drawer-sub">Bodies</h3>
      {data.bodies ? (
        <BodiesView bodies={data.bodies} requestId={row.id} />
      ) : (
        <p className="faint" data-testid="logs-drawer-no-bodies">
          Not stored: body capture was off for this key (the Body capture button above turns it on).
        </p>
      )}
    </>
  );
}

function TraceView({ trace, row }: { trace: RequestTrace; row: LogRow }) {
  return (
    <>
      <h3 className="log-drawer-sub">Attempts</h3>
      <ol className="log-attempts" data-testid="logs-drawer-chain">
        {trace.skipped.map((line) => (
          <li key={line} className="log-attempt log-attempt-skipped" data-testid="logs-drawer-skipped">
            {line}
          </li>
        ))}
        {trace.attempts.length === 0 && <li className="faint">None sent (no target could take it).</li>}
        {trace.attempts.map((a, i) => (
          <li
            key={`${i}-${a.target}`}
            className="log-attempt"
            data-testid="logs-drawer-attempt"
            data-outcome={a.outcome}
          >
            <div className="log-attempt-head">
              <Badge tone={a.outcome === 'ok' ? 'ok' : 'danger'} dot={false}>
                {a.outcome === 'ok' ? 'served' : a.status ? `${a.status}` : a.outcome}
              </Badge>
              <span className="mono">{a.target}</span>
              <span className="faint">
                {STEP_LABEL[a.step]}
                {a.step !== 'first' && a.step !== 'retry' ? ` → ${a.group}` : ''}
              </span>
              <span className="log-attempt-ms">{formatDuration(a.durationMs)}</span>
            </div>
            {a.message && <p className="log-attempt-msg">{a.message}</p>}
            {a.cooldownMs !== null && (
              <p className="log-attempt-cool">Put into cooldown for {formatDuration(a.cooldownMs)}</p>
            )}
          </li>
        ))}
      </ol>
      {trace.message && (
        <p className="log-danger log-attempt-msg" data-testid="logs-drawer-message">
          {trace.message}
        </p>
      )}
      <h3 className="log-drawer-sub">Latency</h3>
      <Split trace={trace} totalMs={row.latencyMs} />
      <h3 className="log-drawer-sub">Budget</h3>
      <p data-testid="logs-drawer-reservation">
        Reserved {formatUsd(trace.reservedUsd)}
        {trace.reservedTokens > 0 ? ` and ${formatCount(trace.reservedTokens)} tokens` : ''} at admission; settled{' '}
        {formatUsd(row.costUsd)}
        {trace.reservedUsd > 0 ? ` (${Math.round((row.costUsd / trace.reservedUsd) * 100)} % of the hold)` : ''}.
      </p>
      <h3 className="log-drawer-sub">Headers sent back</h3>
      <dl className="log-facts log-headers" data-testid="logs-drawer-headers">
        {Object.entries(trace.headers).map(([name, value]) => (
          <HeaderLine key={name} name={name} value={value} />
        ))}
      </dl>
    </>
  );
}

function HeaderLine({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd className="mono">{value}</dd>
    </>
  );
}

function Split({ trace, totalMs }: { trace: RequestTrace; totalMs: number }) {
  const served = trace.attempts.find((a) => a.outcome === 'ok');
  const queued = trace.queuedMs ?? 0;
  const retrying = served ? Math.max(0, served.startMs - queued) : Math.max(0, totalMs - queued);
  const ttft = trace.upstreamTtftMs;
  const generation = trace.generationMs;
  // Non-streamed: the served attempt holds the whole upstream answer.
  const upstream = ttft ?? (served ? served.durationMs : 0);
  const parts = [
    { key: 'queued', label: 'queued in gateway', ms: queued },
    { key: 'retry', label: 'failed attempts', ms: retrying },
    { key: 'ttft', label: ttft !== null ? 'upstream first token' : 'upstream answer', ms: upstream },
    { key: 'gen', label: 'generation', ms: generation ?? 0 },
  ].filter((p) => p.ms > 0 || p.key === 'queued');
  const sum = Math.max(
    totalMs,
    parts.reduce((s, p) => s + p.ms, 0),
    1,
  );
  return (
    <div data-testid="logs-drawer-split">
      <div className="latency-bar" aria-hidden="true">
        {parts.map((p) => (
          <span key={p.key} className={`latency-${p.key}`} style={{ width: `${Math.max(1.5, (p.ms / sum) * 100)}%` }} />
        ))}
      </div>
      <ul className="latency-legend">
        {parts.map((p) => (
          <li key={p.key} data-testid={`logs-drawer-split-${p.key}`}>
            <span className={`latency-swatch latency-${p.key}`} />
            {p.label} {formatDuration(p.ms)}
          </li>
        ))}
        <li className="faint">{formatDuration(totalMs)} in all</li>
      </ul>
    </div>
  );
}

function BodiesView({ bodies, requestId }: { bodies: CapturedBodies; requestId: string }) {
  const navigate = useNavigate();
  const replay = replayOf(bodies, requestId);
  return (
    <div data-testid="logs-drawer-bodies">
      <Body title="Request" body={bodies.request} testId="logs-drawer-request-body" />
      {bodies.response ? (
        <Body title="Response" body={bodies.response} testId="logs-drawer-response-body" />
      ) : (
        <p className="faint">No answer was sent.</p>
      )}
      {bodies.redacted.length > 0 && (
        <p className="faint" data-testid="logs-drawer-redacted">
          Redacted: {bodies.redacted.join(', ')}
        </p>
      )}
      <Button
        size="sm"
        disabled={!replay.ok}
        title={replay.ok ? 'Open the Playground with this request' : replay.reason}
        onClick={() => {
          if (!replay.ok) return;
          actions().setConversation(() => replay.conversation);
          navigate('/playground', { state: { draft: replay.draft } });
        }}
        testId="logs-drawer-replay"
      >
        Replay in Playground
      </Button>
      {!replay.ok && <p className="faint">{replay.reason}</p>}
    </div>
  );
}

function Body({ title, body, testId }: { title: string; body: CapturedBody; testId: string }) {
  return (
    <details className="log-body" open>
      <summary>
        {title} · {formatCount(body.bytes)} bytes{body.truncated ? ' · truncated at the cap' : ''}
      </summary>
      <pre className="log-body-text mono" data-testid={testId}>
        {pretty(body)}
      </pre>
    </details>
  );
}

function pretty(body: CapturedBody): string {
  if (body.truncated) return `${body.text}…`;
  try {
    return JSON.stringify(JSON.parse(body.text), null, 2);
  } catch {
    return body.text;
  }
}
