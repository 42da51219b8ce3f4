// The request log as a virtualised table: only the rows in view (and a few either side) are in the
// DOM, so tens of thousands of loaded rows scroll smoothly; near the bottom the next page loads.
import { useLayoutEffect, useRef, useState } from 'react';
import type { LogRow } from '../../../../shared/contract-logs';
import { Badge } from '../../components/Status';
import { formatCount, formatDuration, formatUsd } from '../../lib/format';
import { statusTone } from './log-filter';

export const ROW_HEIGHT = 34;
const OVERSCAN = 12;

const time = (at: number) => {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
};

export function LogTable({
  rows,
  selectedSeq,
  hasMore,
  loading,
  onOpen,
  onNearEnd,
}: {
  rows: LogRow[];
  selectedSeq: number | null;
  hasMore: boolean;
  loading: boolean;
  onOpen: (seq: number) => void;
  onNearEnd: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (hasMore && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 20) onNearEnd();
  };
  return (
    <div className="log-table" data-testid="logs-table" data-rows={rows.length}>
      <div className="log-scroll" ref={scroller} onScroll={onScroll} data-testid="logs-scroll">
        <div className="log-row log-head">
          <span>Time</span>
          <span>Key</span>
          <span>Team</span>
          <span>Group</span>
          <span>Served by</span>
          <span>Route</span>
          <span>Status</span>
          <span className="num">Tokens</span>
          <span className="num">Cost</span>
          <span className="num">Latency</span>
          <span className="num">TTFT</span>
          <span className="num">Tries</span>
        </div>
        <div className="log-rows" style={{ height: rows.length * ROW_HEIGHT }}>
          {rows.slice(first, last).map((r, i) => (
            <button
              type="button"
              key={r.seq}
              className={`log-row${r.seq === selectedSeq ? ' is-selected' : ''}`}
              style={{ position: 'absolute', top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={() => onOpen(r.seq)}
              data-testid="logs-row"
              data-request-id={r.id}
              data-seq={r.seq}
              data-at={r.at}
              data-deployment={r.deployment ?? ''}
              title={r.id}
            >
              <span className="mono nowrap">{time(r.at)}</span>
              <span className="ellipsis">
                {r.keyAlias ?? r.keyPrefix ?? (r.keyId ? r.keyId.slice(0, 8) : 'master')}
              </span>
              <span className="ellipsis">{r.teamAlias ?? r.teamId ?? '—'}</span>
              <span className="mono ellipsis">{r.modelGroup ?? '—'}</span>
              <span className="mono ellipsis">{r.deployment ?? '—'}</span>
              <span className="mono ellipsis">{r.route ?? '—'}</span>
              <span className="ellipsis">
                <Badge tone={statusTone(r.status)} dot={false}>
                  {r.status}
                </Badge>
                {r.errorClass && <span className="cell-secondary"> {r.errorClass}</span>}
              </span>
              <span className="num">
                {formatCount(r.promptTokens)} / {formatCount(r.completionTokens)}
              </span>
              <span className="num">{formatUsd(r.costUsd)}</span>
              <span className="num">{formatDuration(r.latencyMs)}</span>
              <span className="num">{r.ttftMs === null ? '—' : formatDuration(r.ttftMs)}</span>
              <span className="num">{r.attempts}</span>
            </button>
          ))}
        </div>
        {loading && <div className="log-more faint">Loading…</div>}
      </div>
    </div>
  );
}
