// Axis and tooltip labels for the dashboards' charts, each with its unit so no chart needs a
// separate axis title to be read. Pure.

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
// Two significant digits, never in exponent form (0.00000046, not 4.6e-7).
const small = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 });

/** 0.5 → "0.5", 1234 → "1.2K"; small values keep two significant digits. */
export function formatCompact(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 1) return small.format(value);
  return compact.format(value);
}

/** "$0", "$0.0012", "$0.35", "$12", "$1.2K". */
export function formatUsdAxis(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return `$${small.format(usd)}`;
  if (Math.abs(usd) < 10) return `$${usd.toFixed(2)}`;
  return `$${compact.format(usd)}`;
}

/** "0 ms", "850 ms", "1.05 s", "1.4 s", "12 s": exact enough that no two ticks read the same. */
export function formatMsAxis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

/** Percent already scaled to 0–100: "0%", "4.5%", "40%". */
export function formatPctAxis(pct: number): string {
  return `${pct > 0 && pct < 10 ? Number(pct.toFixed(1)) : Math.round(pct)}%`;
}

/** A rate with its unit: "12 tok/s", "1.2K tok/s", "0.4 req/s". */
export const formatRateAxis =
  (unit: string) =>
  (value: number): string =>
    `${formatCompact(value)} ${unit}`;

/** "512 MiB", "7.5 GiB". */
export function formatMibAxis(mib: number): string {
  return mib < 1024 ? `${Math.round(mib)} MiB` : `${Number((mib / 1024).toPrecision(2))} GiB`;
}

/** Events per second with no noun: "0/s", "0.4/s", "12/s". */
export const formatPerSecondAxis = (value: number): string => `${formatCompact(value)}/s`;

/** "120 W". */
export const formatWattsAxis = (w: number): string => `${Math.round(w)} W`;
