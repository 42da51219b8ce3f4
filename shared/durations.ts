// LiteLLM-style durations: 30s, 15m, 1h, 1d, 2w, 30d, 1mo, 1y (months and years are calendar
// months). A duration is more than zero and at most ten years: "0s" once made the period
// roll-over loop forever, and a budget period longer than a decade is a typo, not a plan.
const FIXED_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const MAX_MONTHS = 120;
const MAX_FIXED_MS = 3_653 * 86_400_000;

export const DURATION_HINT =
  'a duration such as 30s, 15m, 1h, 1d, 2w, 30d, 1mo or 1y, more than 0 and at most 10 years';

export type Duration = { kind: 'fixed'; ms: number } | { kind: 'months'; months: number };

/** The duration, or a message saying what is wrong with it. */
export function parseDuration(text: string): { ok: true; duration: Duration } | { ok: false; message: string } {
  const match = /^(\d{1,6})(s|m|h|d|w|mo|y)$/.exec(text);
  if (!match) return { ok: false, message: `"${text.slice(0, 40)}" is not ${DURATION_HINT}` };
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof FIXED_MS | 'mo' | 'y';
  if (amount === 0) return { ok: false, message: `"${text}" is zero: a budget period must be longer than 0` };
  if (unit === 'mo' || unit === 'y') {
    const months = unit === 'y' ? amount * 12 : amount;
    if (months > MAX_MONTHS) return { ok: false, message: `"${text}" is longer than 10 years` };
    return { ok: true, duration: { kind: 'months', months } };
  }
  const ms = amount * FIXED_MS[unit];
  if (ms > MAX_FIXED_MS) return { ok: false, message: `"${text}" is longer than 10 years` };
  return { ok: true, duration: { kind: 'fixed', ms } };
}

export const isValidDuration = (text: string): boolean => parseDuration(text).ok;

function mustParse(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.duration;
}

/** `fromMs` plus whole calendar months; a day the month lacks becomes its last day (Jan 31 → Feb 28). */
function addMonths(fromMs: number, months: number): number {
  const d = new Date(fromMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The time `duration` after `fromMs` (epoch ms). Throws on a malformed, zero or over-long duration. */
export function addDuration(fromMs: number, duration: string): number {
  const d = mustParse(duration);
  return d.kind === 'fixed' ? fromMs + d.ms : addMonths(fromMs, d.months);
}

/**
 * The end of the period that contains `now`, for periods of `duration` laid end to end from
 * `periodEnd`: the first `periodEnd + k·duration` (k ≥ 0) later than `now`. O(1) however far the
 * clock has moved: whole periods elapsed are computed, not counted one by one. Null when the
 * duration is not valid (a data dir written before durations were checked may hold "0s").
 */
export function nextPeriodEnd(periodEnd: number, duration: string, now: number): number | null {
  const parsed = parseDuration(duration);
  if (!parsed.ok) return null;
  if (now < periodEnd) return periodEnd;
  const d = parsed.duration;
  if (d.kind === 'fixed') return periodEnd + (Math.floor((now - periodEnd) / d.ms) + 1) * d.ms;
  const from = new Date(periodEnd);
  const to = new Date(now);
  const monthsApart = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  // The estimate is off by at most one period either way (day of month, time of day).
  let k = Math.max(0, Math.floor(monthsApart / d.months) - 1);
  for (let i = 0; i < 4 && addMonths(periodEnd, k * d.months) <= now; i++) k++;
  return addMonths(periodEnd, k * d.months);
}
