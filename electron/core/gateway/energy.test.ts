// Energy price per token, against figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { energyKwh, energyUsdPerToken } from './energy';

describe('energyKwh', () => {
  it('is watts × seconds ÷ 3.6 MJ', () => {
    expect(energyKwh(1000, 3600)).toBe(1);
    expect(energyKwh(300, 60)).toBeCloseTo(0.005, 12); // 18 kJ
    expect(energyKwh(0, 3600)).toBe(0);
  });
});

describe('energyUsdPerToken', () => {
  it('one GPU at 300 W for a minute, $0.30/kWh, 1,500 tokens: 0.005 kWh → $0.0015 → $1e-6 a token', () => {
    expect(energyUsdPerToken({ avgPowerW: 300, intervalS: 60, tokens: 1500, usdPerKwh: 0.3 })).toBeCloseTo(1e-6, 15);
  });

  it('700 W for an hour, $0.25/kWh, a million tokens: 0.7 kWh → $0.175 → $1.75e-7 a token', () => {
    expect(energyUsdPerToken({ avgPowerW: 700, intervalS: 3600, tokens: 1_000_000, usdPerKwh: 0.25 })).toBeCloseTo(
      1.75e-7,
      18,
    );
  });

  it('eight GPUs at 5.6 kW for 10 s, $0.12/kWh, 40 tokens: 56 kJ → $0.0018667 → $4.6667e-5 a token', () => {
    expect(energyUsdPerToken({ avgPowerW: 5600, intervalS: 10, tokens: 40, usdPerKwh: 0.12 })).toBeCloseTo(
      ((56_000 / 3_600_000) * 0.12) / 40,
      15,
    );
    expect(energyUsdPerToken({ avgPowerW: 5600, intervalS: 10, tokens: 40, usdPerKwh: 0.12 })).toBeCloseTo(
      4.6667e-5,
      9,
    );
  });

  it('scales with power, time and price, and inversely with tokens', () => {
    const base = energyUsdPerToken({ avgPowerW: 250, intervalS: 60, tokens: 1000, usdPerKwh: 0.2 })!;
    expect(energyUsdPerToken({ avgPowerW: 500, intervalS: 60, tokens: 1000, usdPerKwh: 0.2 })).toBeCloseTo(
      base * 2,
      18,
    );
    expect(energyUsdPerToken({ avgPowerW: 250, intervalS: 120, tokens: 1000, usdPerKwh: 0.2 })).toBeCloseTo(
      base * 2,
      18,
    );
    expect(energyUsdPerToken({ avgPowerW: 250, intervalS: 60, tokens: 1000, usdPerKwh: 0.6 })).toBeCloseTo(
      base * 3,
      18,
    );
    expect(energyUsdPerToken({ avgPowerW: 250, intervalS: 60, tokens: 4000, usdPerKwh: 0.2 })).toBeCloseTo(
      base / 4,
      18,
    );
  });

  it('is null when no token was served, and 0 when power or price is 0', () => {
    expect(energyUsdPerToken({ avgPowerW: 300, intervalS: 60, tokens: 0, usdPerKwh: 0.3 })).toBeNull();
    expect(energyUsdPerToken({ avgPowerW: 0, intervalS: 60, tokens: 10, usdPerKwh: 0.3 })).toBe(0);
    expect(energyUsdPerToken({ avgPowerW: 300, intervalS: 60, tokens: 10, usdPerKwh: 0 })).toBe(0);
  });

  it('refuses negative or non-finite inputs, naming the field', () => {
    expect(() => energyUsdPerToken({ avgPowerW: -1, intervalS: 60, tokens: 10, usdPerKwh: 0.3 })).toThrow(/avgPowerW/);
    expect(() => energyUsdPerToken({ avgPowerW: 300, intervalS: Number.NaN, tokens: 10, usdPerKwh: 0.3 })).toThrow(
      /intervalS/,
    );
    expect(() => energyUsdPerToken({ avgPowerW: 300, intervalS: 60, tokens: Infinity, usdPerKwh: 0.3 })).toThrow(
      /tokens/,
    );
    expect(() => energyUsdPerToken({ avgPowerW: 300, intervalS: 60, tokens: 10, usdPerKwh: -0.1 })).toThrow(RangeError);
  });
});
