// A deployment's container log, re-read every 1.5 s while open ("follow" keeps the newest line in
// view), with a search that highlights matches and can hide the other lines.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Notice } from '../../components/Notice';
import { SearchIcon } from '../../components/icons';
import { errorMessage } from '../../lib/errors';
import { actions } from '../../store';
import { logView } from './log-view';

export const LOG_POLL_MS = 1_500;
const TAIL = 1_000;

export function LogViewer({ name, testId }: { name: string; testId: string }) {
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await actions().readLogs(name, TAIL);
        if (!alive) return;
        setLines(next);
        setError(null);
      } catch (err) {
        if (alive) setError(errorMessage(err));
      }
      if (alive) timer = setTimeout(() => void poll(), LOG_POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [name]);

  const view = useMemo(() => logView(lines ?? [], query, onlyMatching), [lines, query, onlyMatching]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [view, follow]);

  return (
    <div className="logs" data-testid={testId}>
      <div className="logs-tools">
        <label className="search-box search-box-sm">
          <SearchIcon size={15} />
          <input
            className="input"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search the log"
            aria-label="Search the log"
            spellCheck={false}
            data-testid={`${testId}-search`}
          />
        </label>
        {query.trim() && (
          <span className="muted small" data-testid={`${testId}-matches`}>
            {view.matches} matching line{view.matches === 1 ? '' : 's'}
          </span>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={onlyMatching}
            onChange={(e) => setOnlyMatching(e.target.checked)}
            data-testid={`${testId}-only-matching`}
          />
          Only matching lines
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setFollow(e.target.checked)}
            data-testid={`${testId}-follow`}
          />
          Follow
        </label>
      </div>
      {error && (
        <Notice tone="warn" title="Could not read the log" testId={`${testId}-error`}>
          {error}
        </Notice>
      )}
      <div
        className="logs-box"
        ref={box}
        data-testid={`${testId}-lines`}
        tabIndex={0}
        role="log"
        aria-label={`Log of ${name}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          if (follow !== atBottom) setFollow(atBottom);
        }}
      >
        {lines === null && !error && <div className="logs-empty">Reading the log…</div>}
        {lines !== null && view.rows.length === 0 && (
          <div className="logs-empty">
            {view.total === 0 ? 'The container has logged nothing yet.' : 'No line matches.'}
          </div>
        )}
        {view.rows.map((row) => (
          <div key={row.n} className={`log-line${row.match ? ' is-match' : ''}`}>
            <span className="log-n" aria-hidden="true">
              {row.n}
            </span>
            <span className="log-text">
              {row.segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : s.text))}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
