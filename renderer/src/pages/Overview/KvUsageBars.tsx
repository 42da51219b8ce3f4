// KV-cache usage per deployment as horizontal bars on a 0–100 % track, fullest first: plain HTML,
// so a 0.5 % engine still shows its figure and every row lines up whatever the name's length.
import { formatPct } from '../../lib/telemetry';
import type { KvBar } from './overview-view';

export function KvUsageBars({ bars }: { bars: KvBar[] }) {
  return (
    <div
      className="chart kv-bars"
      data-testid="chart-overview-kv"
      data-points={bars.filter((b) => b.pct !== null).length}
    >
      {bars.map((b) => (
        <div
          key={b.target}
          className="kv-bar-row"
          data-testid="kv-bar"
          title={`${b.target}: ${formatPct(b.pct)} of its KV cache in use`}
        >
          <span className="kv-bar-name">{b.target}</span>
          <span className="kv-bar-track">
            {b.pct !== null && (
              <span className={`kv-bar-fill is-${b.tone}`} style={{ width: `${Math.min(100, b.pct)}%` }} />
            )}
          </span>
          <span className="kv-bar-value">{formatPct(b.pct)}</span>
        </div>
      ))}
      <div className="kv-bar-scale" aria-hidden="true">
        <span />
        <span className="kv-bar-ticks">
          <span>0%</span>
          <span>25%</span>
          <span>50%</span>
          <span>75%</span>
          <span>100%</span>
        </span>
        <span />
      </div>
    </div>
  );
}
