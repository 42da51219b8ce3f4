// Formatting of numbers, money, times and durations for display. Pure; `now` is passed in where
// the result depends on it so tests (and a steady render) can pin it.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

// Two significant digits, never in exponent form ($0.00000046, not $4.6e-7).
const subCent = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 });

/** USD with cents; sub-cent amounts (token costs) keep up to 4 significant digits. */
export function formatUsd(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) {
    return `$${subCent.format(value)}`;
  }
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value);
}

/** Milliseconds as "850 ms", "1.2 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalSeconds = Math.floor(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return withRest(minutes, 'min', totalSeconds % 60, 's');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return withRest(hours, 'h', minutes % 60, 'min');
  return withRest(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function withRest(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor > 0 ? `${major} ${majorUnit} ${minor} ${minorUnit}` : `${major} ${majorUnit}`;
}

/** "just now", "5 min ago", "in 3 h", falling back to the date beyond a week. */
export function formatRelative(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = at - now;
  const abs = Math.abs(delta);
  if (abs < 45_000) return 'just now';
  if (abs > 7 * 86_400_000) return formatDate(iso);
  const span = formatDuration(abs).replace(/ \d+ \w+$/, '');
  return delta < 0 ? `${span} ago` : `in ${span}`;
}

/** "2025-03-14 09:26" in local time: unambiguous, sortable, short. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
