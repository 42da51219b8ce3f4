// The time axis of the dashboards' charts: tick positions on round local times (every 5 min, hour,
// 6 h, day …) and tick labels whose precision follows the span shown. Pure; local time zone.
import { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE } from '../../../../shared/granularity';

/** Tick steps to choose from, smallest first. */
const STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** Local midnight at or before `ms`. */
function localMidnight(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Ticks on round local times within [fromMs, toMs]: the smallest step giving at most `maxTicks`.
 * Steps under a day align to the local day's start (so 6 h ticks fall on 00, 06, 12, 18); day
 * steps fall on local midnights.
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 7): number[] {
  if (!(toMs > fromMs)) return [];
  const span = toMs - fromMs;
  const step = STEPS.find((s) => span / s <= maxTicks) ?? STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  if (step < DAY) {
    const base = localMidnight(fromMs);
    let t = base + Math.ceil((fromMs - base) / step) * step;
    for (; t <= toMs; t += step) ticks.push(t);
    return ticks;
  }
  const days = step / DAY;
  const d = new Date(localMidnight(fromMs));
  if (d.getTime() < fromMs) d.setDate(d.getDate() + 1);
  for (; d.getTime() <= toMs; d.setDate(d.getDate() + days)) ticks.push(d.getTime());
  return ticks;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "14:05" within a day and a half, "Mon 14:00" within 8 days, "Mar 14" beyond. */
export function timeTickFormatter(spanMs: number): (ms: number) => string {
  if (spanMs <= 36 * HOUR)
    return (ms) => {
      const d = new Date(ms);
      return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
  if (spanMs <= 8 * DAY)
    return (ms) => {
      const d = new Date(ms);
      return `${WEEKDAYS[d.getDay()]} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
  return (ms) => {
    const d = new Date(ms);
    return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  };
}

/** A point's time in a tooltip: "Mar 14 09:26", with seconds when buckets are under a minute. */
export function formatPointTime(ms: number, bucketMs = MINUTE): string {
  const d = new Date(ms);
  const seconds = bucketMs < MINUTE ? `:${pad(d.getSeconds())}` : '';
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
}

/** "1 min", "1 h", "1 d" buckets, as a chart's subtitle says "per minute" etc. */
export function bucketLabel(bucketMs: number): string {
  if (bucketMs >= DAY && bucketMs % DAY === 0) return bucketMs === DAY ? 'day' : `${bucketMs / DAY} days`;
  if (bucketMs >= HOUR && bucketMs % HOUR === 0) return bucketMs === HOUR ? 'hour' : `${bucketMs / HOUR} hours`;
  if (bucketMs >= MINUTE && bucketMs % MINUTE === 0)
    return bucketMs === MINUTE ? 'minute' : `${bucketMs / MINUTE} minutes`;
  return `${Math.round(bucketMs / 1000)} s`;
}
