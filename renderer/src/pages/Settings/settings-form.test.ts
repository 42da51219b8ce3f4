import { describe, expect, it } from 'vitest';
import type { Settings } from '../../lib/types';
import { isDirty, parseSettingsForm, toSettingsForm } from './settings-form';

const current: Settings = {
  gatewayHost: '127.0.0.1',
  gatewayPort: 4000,
  uiPort: 4141,
  retentionDays: 30,
  theme: 'system',
  energyPriceUsdPerKwh: 0.3,
};

describe('parseSettingsForm', () => {
  it('sends only the fields that changed, as numbers', () => {
    const form = { ...toSettingsForm(current), gatewayPort: ' 4001 ', energyPriceUsdPerKwh: '0.25' };
    expect(parseSettingsForm(form, current)).toEqual({
      patch: { gatewayPort: 4001, energyPriceUsdPerKwh: 0.25 },
      errors: {},
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(parseSettingsForm(toSettingsForm(current), current)).toEqual({ patch: {}, errors: {} });
  });

  it('names the field that is not a number, or not whole', () => {
    const form = { ...toSettingsForm(current), uiPort: 'abc', retentionDays: '7.5', gatewayHost: '  ' };
    const { errors } = parseSettingsForm(form, current);
    expect(errors.uiPort).toMatch(/number/);
    expect(errors.retentionDays).toMatch(/whole number/);
    expect(errors.gatewayHost).toMatch(/required/);
  });

  it('leaves range checks to the API (it names the field in its reply)', () => {
    const form = { ...toSettingsForm(current), gatewayPort: '70000' };
    expect(parseSettingsForm(form, current).patch).toEqual({ gatewayPort: 70000 });
  });
});

describe('isDirty', () => {
  it('is true only when a field differs from the saved settings', () => {
    expect(isDirty(toSettingsForm(current), current)).toBe(false);
    expect(isDirty({ ...toSettingsForm(current), retentionDays: '31' }, current)).toBe(true);
  });
});
