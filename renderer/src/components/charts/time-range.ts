// The range picker's choices (1 h / 24 h / 7 d / 30 d / custom) and the TimeRange each asks the
// core for. Presets end now, so a live refresh slides them forward. Pure; local time zone.
import type { TimeRange } from '../../../../shared/contract-dashboards';
import { DAY_MS, HOUR_MS } from '../../../../shared/granularity';

export type RangePreset = '1h' | '24h' | '7d' | '30d';
export type RangeChoice = { preset: RangePreset } | { preset: 'custom'; fromMs: number; toMs: number };

export const PRESET_MS: Record<RangePreset, number> = {
  '1h': HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

export const RANGE_OPTIONS: { value: RangePreset | 'custom'; label: string }[] = [
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
  { value: 'custom', label: 'Custom' },
];

/** The range to ask for at `now` (ms). */
export function resolveRange(choice: RangeChoice, now: number): TimeRange {
  if (choice.preset === 'custom') return { fromMs: choice.fromMs, toMs: choice.toMs };
  return { fromMs: Math.max(0, now - PRESET_MS[choice.preset]), toMs: now };
}

/** A custom choice that starts as the preset in view, so switching to "Custom" keeps the chart. */
export function customFrom(choice: RangeChoice, now: number): RangeChoice {
  const r = resolveRange(choice, now);
  return { preset: 'custom', fromMs: r.fromMs, toMs: r.toMs };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as a `<input type="datetime-local">` value ("2025-03-14T09:26"), local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value back to epoch ms; null when empty or not a date. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** Why a custom range cannot be asked for, in words, or null when it can. */
export function customRangeProblem(fromMs: number | null, toMs: number | null): string | null {
  if (fromMs === null || toMs === null) return 'Pick both a start and an end.';
  if (toMs <= fromMs) return 'The end must be after the start.';
  if (toMs - fromMs > 400 * DAY_MS) return 'Pick at most 400 days.';
  return null;
}
