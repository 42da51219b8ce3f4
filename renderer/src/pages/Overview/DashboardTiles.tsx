// The Overview's live tiles: spend today and this month, throughput now, requests and errors in
// the last hour, KV-cache usage per deployment and GPU use. Each links to the page with the detail.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { MiniSpark } from '../../components/charts/MiniSpark';
import { formatCount, formatUsd } from '../../lib/format';
import { formatPct } from '../../lib/telemetry';
import type { OverviewTiles } from '../../lib/dashboard-types';
import { KvUsageBars } from './KvUsageBars';
import { ERROR_RATE_WARN, errorRateText, gpuBars, kvBars, spendSparkRows, throughputText } from './overview-view';

function Tile({
  name,
  to,
  label,
  className,
  children,
}: {
  name: string;
  to: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link to={to} className={`stat-tile dash-tile ${className ?? ''}`} data-testid={`tile-${name}`}>
      <span className="dash-tile-label">{label}</span>
      {children}
    </Link>
  );
}

export function DashboardTiles({ tiles }: { tiles: OverviewTiles }) {
  const kv = kvBars(tiles);
  const gpus = gpuBars(tiles);
  const errorWarn = tiles.errorRateLastHour !== null && tiles.errorRateLastHour > ERROR_RATE_WARN;
  return (
    <div className="dash-tiles" data-testid="overview-tiles">
      <Tile name="spend" to="/spend" label="Spend today">
        <span className="dash-tile-value" data-testid="tile-spend-today">
          {formatUsd(tiles.spendTodayUsd)}
        </span>
        <span className="dash-tile-sub" data-testid="tile-spend-month">
          {formatUsd(tiles.spendMonthUsd)} this month
        </span>
        <MiniSpark
          name="overview-spend"
          rows={spendSparkRows(tiles)}
          dataKey="costUsd"
          color="var(--chart-1)"
          label="Spend today, per bucket"
        />
      </Tile>
      <Tile name="throughput" to="/performance" label="Throughput now">
        <span className="dash-tile-value" data-testid="tile-throughput-value">
          {throughputText(tiles)}
        </span>
        <span className="dash-tile-sub">prompt + generation, all engines</span>
      </Tile>
      <Tile name="requests" to="/performance" label="Requests, last hour">
        <span className="dash-tile-value" data-testid="tile-requests-value">
          {formatCount(tiles.requestsLastHour)}
        </span>
        <span className={`dash-tile-sub${errorWarn ? ' is-warn' : ''}`} data-testid="tile-requests-errors">
          {errorRateText(tiles)}
        </span>
      </Tile>
      <Tile name="kv" to="/performance" label="KV-cache usage per deployment" className="dash-tile-wide">
        {kv.length ? (
          <KvUsageBars bars={kv} />
        ) : (
          <span className="dash-tile-empty" data-testid="tile-kv-empty">
            No engine scraped yet — deploy a model on Deploy; its KV cache shows here once it is ready.
          </span>
        )}
      </Tile>
      <Tile name="gpu" to="/hosts" label="GPU use">
        {gpus.length ? (
          <ul className="dash-gpu-list" data-testid="tile-gpu-list">
            {gpus.map((g) => (
              <li key={g.key}>
                <span className="dash-gpu-name">{g.label}</span>
                <span className="dash-gpu-bar">
                  <span className="dash-gpu-fill" style={{ width: `${Math.min(100, g.utilizationPct ?? 0)}%` }} />
                </span>
                <span className="dash-gpu-figures">
                  {g.utilizationPct === null ? '—' : formatPct(g.utilizationPct)}
                  {g.memory ? ` · ${g.memory}` : ''}
                  {g.powerW !== null ? ` · ${Math.round(g.powerW)} W` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="dash-tile-empty" data-testid="tile-gpu-empty">
            No GPU samples — add a host with NVIDIA GPUs on Hosts &amp; GPUs.
          </span>
        )}
      </Tile>
    </div>
  );
}
