// Energy price of local tokens: the electricity a deployment's GPUs drew over an interval (average
// power × time, in kWh) at the user's $/kWh, spread over the tokens served in that interval. Pure.

/** 1 kWh = 3.6 MJ. */
export const JOULES_PER_KWH = 3_600_000;

export interface EnergyInterval {
  /** Average electrical power drawn over the interval, watts. */
  avgPowerW: number;
  /** Length of the interval, seconds. */
  intervalS: number;
  /** Tokens (prompt + completion) served in the interval. */
  tokens: number;
  /** Electricity price, USD per kWh. */
  usdPerKwh: number;
}

/** Energy used at `avgPowerW` for `intervalS`, kWh. */
export const energyKwh = (avgPowerW: number, intervalS: number): number => (avgPowerW * intervalS) / JOULES_PER_KWH;

/**
 * USD per token for the interval, or null when no token was served (the energy then prices
 * nothing: an idle engine's draw is not charged to the next request).
 */
export function energyUsdPerToken(i: EnergyInterval): number | null {
  for (const [name, value] of Object.entries(i)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`energyUsdPerToken: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  if (i.tokens === 0) return null;
  return (energyKwh(i.avgPowerW, i.intervalS) * i.usdPerKwh) / i.tokens;
}
