// The Logs page's filters. Each change rewrites the page's URL (the filter lives there, so links
// and reloads keep it); text fields apply on Enter or when they lose focus.
import { useEffect, useState } from 'react';
import type { LogFilter } from '../../../../shared/contract-logs';
import { Button } from '../../components/Button';
import { useAppPick } from '../../store';

const PRESETS: Array<{ id: string; label: string; ms: number | null }> = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: 'all', label: 'All', ms: null },
];

/** The routes the gateway logs (the inbound dialect, or the /vllm pass-through). */
const ROUTES = ['chat/completions', 'completions', 'embeddings', 'rerank', 'messages', 'responses', 'vllm'];

type TextField = 'deployment' | 'errorKind' | 'search' | 'minLatencyMs' | 'minCostUsd';

function TextFilter({
  field,
  label,
  filter,
  onChange,
  placeholder,
  numeric = false,
}: {
  field: TextField;
  label: string;
  filter: LogFilter;
  onChange: (patch: Partial<LogFilter>) => void;
  placeholder?: string;
  numeric?: boolean;
}) {
  const current = filter[field] === undefined ? '' : String(filter[field]);
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const apply = () => {
    const value = text.trim();
    if (value === current) return;
    if (!value) return onChange({ [field]: undefined });
    if (numeric) {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) onChange({ [field]: n });
      else setText(current);
    } else onChange({ [field]: value });
  };
  return (
    <label className="log-filter">
      <span className="field-label">{label}</span>
      <input
        className="input"
        value={text}
        placeholder={placeholder}
        inputMode={numeric ? 'decimal' : undefined}
        data-testid={`logs-filter-${field}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
    </label>
  );
}

function Choice({
  field,
  label,
  value,
  options,
  onChange,
}: {
  field: string;
  label: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}) {
  // A value from a link that the list does not hold (a revoked key, a removed group) stays choosable.
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <label className="log-filter">
      <span className="field-label">{label}</span>
      <select
        className="input select"
        value={value ?? ''}
        data-testid={`logs-filter-${field}`}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">Any</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LogFilters({ filter, onChange }: { filter: LogFilter; onChange: (next: LogFilter) => void }) {
  const { keys, teams, groups } = useAppPick((s) => ({
    keys: s.keys.data,
    teams: s.teams.data,
    groups: s.modelGroups.data,
  }));
  const patch = (p: Partial<LogFilter>) => {
    const next = { ...filter, ...p };
    for (const k of Object.keys(next) as (keyof LogFilter)[]) if (next[k] === undefined) delete next[k];
    onChange(next);
  };
  const span = filter.fromMs !== undefined ? (filter.toMs ?? Date.now()) - filter.fromMs : null;
  const preset =
    filter.fromMs === undefined && filter.toMs === undefined
      ? 'all'
      : filter.toMs === undefined
        ? PRESETS.find((p) => p.ms !== null && span !== null && Math.abs(p.ms - span) < 120_000)?.id
        : undefined;
  return (
    <div className="log-filters" data-testid="logs-filters">
      <div className="segmented" role="radiogroup" aria-label="Time range" data-testid="logs-range">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="radio"
            aria-checked={preset === p.id}
            className={`segment${preset === p.id ? ' is-selected' : ''}`}
            data-testid={`logs-range-${p.id}`}
            onClick={() => patch({ fromMs: p.ms === null ? undefined : Date.now() - p.ms, toMs: undefined })}
          >
            {p.label}
          </button>
        ))}
        {preset === undefined && (
          <span className="segment is-selected" data-testid="logs-range-custom">
            {new Date(filter.fromMs ?? 0).toLocaleString()} –{' '}
            {filter.toMs ? new Date(filter.toMs).toLocaleTimeString() : 'now'}
          </span>
        )}
      </div>
      <Choice
        field="keyId"
        label="Key"
        value={filter.keyId}
        options={(keys ?? []).map((k) => ({ value: k.id, label: k.alias ?? k.prefix }))}
        onChange={(keyId) => patch({ keyId })}
      />
      <Choice
        field="teamId"
        label="Team"
        value={filter.teamId}
        options={(teams ?? []).map((t) => ({ value: t.id, label: t.alias ?? t.id }))}
        onChange={(teamId) => patch({ teamId })}
      />
      <Choice
        field="modelGroup"
        label="Model group"
        value={filter.modelGroup}
        options={(groups ?? []).map((g) => ({ value: g.name, label: g.name }))}
        onChange={(modelGroup) => patch({ modelGroup })}
      />
      <Choice
        field="route"
        label="Route"
        value={filter.route}
        options={ROUTES.map((r) => ({ value: r, label: r }))}
        onChange={(route) => patch({ route })}
      />
      <Choice
        field="statusClass"
        label="Status"
        value={filter.statusClass}
        options={[
          { value: '2xx', label: '2xx served' },
          { value: '4xx', label: '4xx refused' },
          { value: '5xx', label: '5xx failed' },
        ]}
        onChange={(v) => patch({ statusClass: v as LogFilter['statusClass'] })}
      />
      <TextFilter field="deployment" label="Served by" filter={filter} onChange={patch} placeholder="target name" />
      <TextFilter
        field="errorKind"
        label="Error kind"
        filter={filter}
        onChange={patch}
        placeholder="e.g. upstream_error"
      />
      <TextFilter field="minLatencyMs" label="Min latency (ms)" filter={filter} onChange={patch} numeric />
      <TextFilter field="minCostUsd" label="Min cost (USD)" filter={filter} onChange={patch} numeric />
      <TextFilter field="search" label="Search" filter={filter} onChange={patch} placeholder="request id or error" />
      <Button variant="ghost" size="sm" onClick={() => onChange({})} testId="logs-filter-clear">
        Clear
      </Button>
    </div>
  );
}
