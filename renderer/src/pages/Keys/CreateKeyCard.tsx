// Creating a virtual key: alias, allowed model groups, budget and period, limits, expiry and team.
// The new key is shown once, with a copy button; afterwards only its prefix.
import { useState, type FormEvent } from 'react';
import type { Team } from '../../../../shared/contract-access';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { PlusIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { SecretOnce } from '../../components/SecretOnce';
import { SelectField } from '../../components/SelectField';
import { formErrors } from '../../lib/errors';
import { actions } from '../../store';
import { emptyKeyForm, keyFormFields, parseKeyForm, type KeyForm, type KeyFormField } from './key-form';
import { ModelGroupPicker } from './ModelGroupPicker';

interface CreateKeyCardProps {
  modelGroupNames: string[];
  teams: Team[];
  gatewayUrl: string | null;
}

export function CreateKeyCard({ modelGroupNames, teams, gatewayUrl }: CreateKeyCardProps) {
  const [form, setForm] = useState<KeyForm>(emptyKeyForm);
  const [errors, setErrors] = useState<Partial<Record<KeyFormField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const set = (field: KeyFormField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: local } = parseKeyForm(form);
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      setCreated(await actions().createKey(input));
      setForm(emptyKeyForm);
    } catch (err) {
      // The form keeps what was typed, so nothing is lost to a bad field.
      const split = formErrors(err, keyFormFields);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(false);
    }
  };

  const teamOptions = [{ value: '', label: 'No team' }, ...teams.map((t) => ({ value: t.id, label: t.alias ?? t.id }))];

  return (
    <Card
      title="New virtual key"
      subtitle="One per app or person, so spend and limits are tracked separately"
      icon={<PlusIcon />}
      testId="keys-create"
    >
      {created && (
        <SecretOnce title="Your new key" value={created} testId="new-key" onDismiss={() => setCreated(null)}>
          {gatewayUrl && (
            <p className="muted small">
              Use it as <code>Authorization: Bearer …</code> against <code>{gatewayUrl.replace(/\/$/, '')}/v1</code>.
            </p>
          )}
        </SecretOnce>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field
            label="Alias"
            testId="keys-create-alias"
            value={form.alias}
            onChange={set('alias')}
            error={errors.alias}
            placeholder="e.g. notebook, team-search"
            autoComplete="off"
          />
          <SelectField
            label="Team"
            testId="keys-create-team"
            value={form.teamId}
            options={teamOptions}
            onChange={set('teamId')}
            error={errors.teamId}
            hint={
              teams.length ? 'Its spend also counts against the team budget.' : 'Create teams below to share a budget.'
            }
          />
          <ModelGroupPicker
            groups={modelGroupNames}
            value={form.models}
            onChange={set('models')}
            error={errors.models}
          />
          <Field
            label="Budget"
            testId="keys-create-budget"
            value={form.maxBudgetUsd}
            onChange={set('maxBudgetUsd')}
            error={errors.maxBudgetUsd}
            inputMode="decimal"
            suffix="USD"
            placeholder="no limit"
          />
          <Field
            label="Budget resets every"
            testId="keys-create-budget-duration"
            value={form.budgetDuration}
            onChange={set('budgetDuration')}
            error={errors.budgetDuration}
            placeholder="never"
            hint="30s, 1h, 1d, 7d, 30d or 1mo"
          />
          <Field
            label="Requests per minute"
            testId="keys-create-rpm"
            value={form.rpmLimit}
            onChange={set('rpmLimit')}
            error={errors.rpmLimit}
            inputMode="numeric"
            placeholder="no limit"
          />
          <Field
            label="Tokens per minute"
            testId="keys-create-tpm"
            value={form.tpmLimit}
            onChange={set('tpmLimit')}
            error={errors.tpmLimit}
            inputMode="numeric"
            placeholder="no limit"
          />
          <Field
            label="Parallel requests"
            testId="keys-create-parallel"
            value={form.maxParallelRequests}
            onChange={set('maxParallelRequests')}
            error={errors.maxParallelRequests}
            inputMode="numeric"
            placeholder="no limit"
          />
          <Field
            label="Expires after"
            testId="keys-create-duration"
            value={form.duration}
            onChange={set('duration')}
            error={errors.duration}
            placeholder="never"
            hint="A duration from now, e.g. 30d"
          />
        </div>
        {message && (
          <Notice tone="danger" title="Key not created" testId="keys-create-error">
            {message}
          </Notice>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" icon={<PlusIcon />} busy={busy} testId="keys-create-submit">
            Create key
          </Button>
        </div>
      </form>
    </Card>
  );
}
