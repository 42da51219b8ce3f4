// Ports, data retention and energy price. Saves only what changed; shows per-field errors (from
// local parsing or from the API) and whether the change needs a restart.
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { HostsIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { formErrors } from '../../lib/errors';
import type { Settings } from '../../lib/types';
import { actions } from '../../store';
import {
  isDirty,
  parseSettingsForm,
  settingsFormFields,
  toSettingsForm,
  type SettingsForm as Form,
  type SettingsFormField,
} from './settings-form';

type Outcome = { kind: 'saved'; restartRequired: boolean } | { kind: 'error'; message: string } | null;

export function SettingsForm({ settings }: { settings: Settings }) {
  const [baseline, setBaseline] = useState(settings);
  const [form, setForm] = useState<Form>(() => toSettingsForm(settings));
  const [errors, setErrors] = useState<Partial<Record<SettingsFormField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  // Settings changed elsewhere (another window, the CLI): take them unless the user is editing.
  useEffect(() => {
    if (settings === baseline) return;
    if (!isDirty(form, baseline)) setForm(toSettingsForm(settings));
    setBaseline(settings);
  }, [settings, baseline, form]);

  const dirty = isDirty(form, settings);
  const set = (field: SettingsFormField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setOutcome(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { patch, errors: local } = parseSettingsForm(form, settings);
    setErrors(local);
    if (Object.keys(local).length > 0 || Object.keys(patch).length === 0) return;
    setSaving(true);
    try {
      const { restartRequired } = await actions().saveSettings(patch);
      setOutcome({ kind: 'saved', restartRequired });
    } catch (err) {
      const { fields, message } = formErrors(err, settingsFormFields);
      setErrors(fields);
      setOutcome(message ? { kind: 'error', message } : null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title="Network and data"
      subtitle="Where the gateway and this UI listen, how long raw data is kept, what power costs"
      icon={<HostsIcon />}
      testId="settings-general"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field
            label="Gateway address"
            testId="settings-gateway-host"
            value={form.gatewayHost}
            onChange={set('gatewayHost')}
            error={errors.gatewayHost}
            hint="127.0.0.1 keeps it on this machine; 0.0.0.0 opens it to your network."
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            label="Gateway port"
            testId="settings-gateway-port"
            value={form.gatewayPort}
            onChange={set('gatewayPort')}
            error={errors.gatewayPort}
            inputMode="numeric"
            hint="OpenAI-compatible clients connect here."
          />
          <Field
            label="Admin UI port"
            testId="settings-ui-port"
            value={form.uiPort}
            onChange={set('uiPort')}
            error={errors.uiPort}
            inputMode="numeric"
            hint="Used by the headless server (switchyard serve)."
          />
          <Field
            label="Keep raw data for"
            testId="settings-retention-days"
            value={form.retentionDays}
            onChange={set('retentionDays')}
            error={errors.retentionDays}
            inputMode="numeric"
            suffix="days"
            hint="Request rows and samples older than this are deleted; hourly and daily totals stay."
          />
          <Field
            label="Electricity price"
            testId="settings-energy-price"
            value={form.energyPriceUsdPerKwh}
            onChange={set('energyPriceUsdPerKwh')}
            error={errors.energyPriceUsdPerKwh}
            inputMode="decimal"
            suffix="USD / kWh"
            hint="Prices local deployments by the power their GPUs draw."
          />
        </div>
        {outcome?.kind === 'saved' && (
          <Notice tone="ok" title="Saved" testId="settings-saved">
            {outcome.restartRequired
              ? 'The new ports take effect after a restart.'
              : 'The change is already in effect.'}
          </Notice>
        )}
        {outcome?.kind === 'error' && (
          <Notice tone="danger" title="Not saved" testId="settings-error">
            {outcome.message}
          </Notice>
        )}
        <div className="form-actions">
          <Button
            variant="ghost"
            disabled={!dirty || saving}
            onClick={() => {
              setForm(toSettingsForm(settings));
              setErrors({});
              setOutcome(null);
            }}
            testId="settings-reset"
          >
            Discard changes
          </Button>
          <Button type="submit" variant="primary" busy={saving} disabled={!dirty} testId="settings-save">
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
