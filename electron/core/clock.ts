// The one time source. Tests pass their own to control time; everything else uses systemClock.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());
