// LiteLLM-style durations: 30s, 15m, 1h, 1d, 7d, 30d, 1mo (calendar months).
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The time `duration` after `fromMs` (epoch ms). Throws on a malformed duration. */
export function addDuration(fromMs: number, duration: string): number {
  const match = /^(\d+)(s|m|h|d|mo)$/.exec(duration);
  if (!match) throw new Error(`"${duration}" is not a duration such as 30s, 1h, 1d, 7d, 30d or 1mo`);
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS | 'mo';
  if (unit === 'mo') {
    const date = new Date(fromMs);
    date.setUTCMonth(date.getUTCMonth() + amount);
    return date.getTime();
  }
  return fromMs + amount * UNIT_MS[unit];
}
