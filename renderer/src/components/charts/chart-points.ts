// The client-side guard on chart sizes: the core already sends at most MAX_POINTS per series, but
// a chart must never draw more whatever it is given. Also counts the points a chart really has.
import { MAX_POINTS } from '../../../../shared/contract-dashboards';

/** A chart row: its time and figures by series key (null: not known then). */
export type ChartRow = { at: number } & Record<string, number | null>;

/**
 * At most `max` rows, oldest first: consecutive rows merged in equal groups, each at its newest
 * row's time. `combine` says how figures merge: 'sum' for amounts per bucket (spend), 'mean' for
 * rates and levels. Unknown figures are skipped; a group with none known stays null.
 */
export function capPoints<R extends ChartRow>(rows: readonly R[], combine: 'sum' | 'mean', max = MAX_POINTS): R[] {
  if (rows.length <= max) return [...rows];
  const out: R[] = [];
  for (let i = 0; i < max; i++) {
    const group = rows.slice(Math.floor((i * rows.length) / max), Math.floor(((i + 1) * rows.length) / max));
    const merged: Record<string, number | null> = {};
    const keys = new Set(group.flatMap((r) => Object.keys(r)));
    keys.delete('at');
    for (const key of keys) {
      const known = group.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
      const sum = known.reduce((a, b) => a + b, 0);
      merged[key] = known.length === 0 ? null : combine === 'sum' ? sum : sum / known.length;
    }
    out.push({ ...merged, at: group[group.length - 1].at } as R);
  }
  return out;
}

/** How many rows have at least one known figure among `keys`: what a chart actually draws. */
export function countPoints(rows: readonly ChartRow[], keys: readonly string[]): number {
  return rows.filter((r) => keys.some((k) => typeof r[k] === 'number')).length;
}

/**
 * Rows an area can be drawn through: one bucket alone (the first hour of the day) is held flat
 * across a hair of width, since an area needs two points and would otherwise draw nothing.
 */
export function areaRows<R extends ChartRow>(rows: readonly R[]): R[] {
  return rows.length === 1 ? [rows[0], { ...rows[0], at: rows[0].at + 1 }] : [...rows];
}
