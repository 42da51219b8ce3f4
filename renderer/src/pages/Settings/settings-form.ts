// The Settings form as text fields, and its conversion to a partial update: only fields that
// changed are sent; numbers are parsed here, ranges are the API's to judge (its messages come
// back per field).
import type { Settings } from '../../lib/types';

export const settingsFormFields = [
  'gatewayHost',
  'gatewayPort',
  'uiPort',
  'retentionDays',
  'energyPriceUsdPerKwh',
] as const;
export type SettingsFormField = (typeof settingsFormFields)[number];
export type SettingsForm = Record<SettingsFormField, string>;

export function toSettingsForm(settings: Settings): SettingsForm {
  return {
    gatewayHost: settings.gatewayHost,
    gatewayPort: String(settings.gatewayPort),
    uiPort: String(settings.uiPort),
    retentionDays: String(settings.retentionDays),
    energyPriceUsdPerKwh: String(settings.energyPriceUsdPerKwh),
  };
}

const numeric: Record<Exclude<SettingsFormField, 'gatewayHost'>, 'integer' | 'decimal'> = {
  gatewayPort: 'integer',
  uiPort: 'integer',
  retentionDays: 'integer',
  energyPriceUsdPerKwh: 'decimal',
};

export interface ParsedSettingsForm {
  patch: Partial<Settings>;
  errors: Partial<Record<SettingsFormField, string>>;
}

export function parseSettingsForm(form: SettingsForm, current: Settings): ParsedSettingsForm {
  const patch: Partial<Settings> = {};
  const errors: ParsedSettingsForm['errors'] = {};

  const host = form.gatewayHost.trim();
  if (!host) errors.gatewayHost = 'An address is required, such as 127.0.0.1 or 0.0.0.0.';
  else if (host !== current.gatewayHost) patch.gatewayHost = host;

  for (const [field, kind] of Object.entries(numeric) as [keyof typeof numeric, 'integer' | 'decimal'][]) {
    const raw = form[field].trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      errors[field] = 'A number is required.';
    } else if (kind === 'integer' && !Number.isInteger(value)) {
      errors[field] = 'A whole number is required.';
    } else if (value !== current[field]) {
      patch[field] = value;
    }
  }
  return { patch, errors };
}

export function isDirty(form: SettingsForm, current: Settings): boolean {
  const saved = toSettingsForm(current);
  return settingsFormFields.some((field) => form[field].trim() !== saved[field]);
}
