// Adding a provider or external server: kind, name, base URL, API key (sent once, stored
// encrypted), upstream model, context length, price overrides per 1M tokens and, for a self-hosted
// vLLM, the cloud model it stands in for. "Test connection" asks the server for its models before
// anything is saved.
import { useState, type FormEvent } from 'react';
import type { ProviderKind, ProviderTestResult } from '../../../../shared/contract-access';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { PlusIcon, RefreshIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/SelectField';
import { errorMessage, formErrors } from '../../lib/errors';
import { actions } from '../../store';
import {
  CLOUD_MODELS_LIST_ID,
  emptyProviderForm,
  kindInfo,
  parseProviderForm,
  PROVIDER_KINDS,
  providerFormFields,
  takesCloudEquivalent,
  type ProviderForm,
  type ProviderFormField,
} from './provider-form';
import { TestResultNotice } from './TestResultNotice';

export function AddProviderCard() {
  const [form, setForm] = useState<ProviderForm>(emptyProviderForm);
  const [errors, setErrors] = useState<Partial<Record<ProviderFormField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'test' | null>(null);
  const [tested, setTested] = useState<ProviderTestResult | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const set = (field: ProviderFormField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'baseUrl' || field === 'apiKey' || field === 'kind') setTested(null);
  };
  const info = kindInfo(form.kind);

  const test = async () => {
    setBusy('test');
    setMessage(null);
    try {
      const { input } = parseProviderForm(form);
      setTested(
        await actions().testProvider({
          kind: input.kind,
          baseUrl: input.baseUrl,
          ...(input.apiKey ? { apiKey: input.apiKey } : {}),
        }),
      );
    } catch (err) {
      const split = formErrors(err, providerFormFields);
      setErrors(split.fields);
      setMessage(split.message ?? (Object.keys(split.fields).length ? null : errorMessage(err)));
    } finally {
      setBusy(null);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: local } = parseProviderForm(form);
    setErrors(local);
    setMessage(null);
    setAdded(null);
    if (Object.keys(local).length > 0) return;
    setBusy('add');
    try {
      const provider = await actions().addProvider(input);
      setAdded(provider.name);
      setForm(emptyProviderForm);
      setTested(null);
    } catch (err) {
      // The form keeps what was typed, so nothing is lost to a bad field.
      const split = formErrors(err, providerFormFields);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title="Add a provider or server"
      subtitle="A cloud API or any OpenAI-compatible server; route model groups to it on the Routing page"
      icon={<PlusIcon />}
      testId="providers-add"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <SelectField<ProviderKind>
            label="Kind"
            testId="providers-add-kind"
            value={form.kind}
            options={PROVIDER_KINDS}
            onChange={set('kind')}
            error={errors.kind}
            hint={info.hint}
          />
          <Field
            label="Name"
            testId="providers-add-name"
            value={form.name}
            onChange={set('name')}
            error={errors.name}
            placeholder="e.g. lab-ollama"
            autoComplete="off"
            hint="How model groups refer to it."
          />
          <Field
            label="Base URL"
            testId="providers-add-base-url"
            value={form.baseUrl}
            onChange={set('baseUrl')}
            error={errors.baseUrl}
            placeholder={info.baseUrl}
            autoComplete="off"
            className="field-wide"
          />
          <Field
            label="API key"
            testId="providers-add-api-key"
            type="password"
            value={form.apiKey}
            onChange={set('apiKey')}
            error={errors.apiKey}
            placeholder="none"
            autoComplete="off"
            hint={`${info.keyHint} Stored encrypted; never shown again.`}
          />
          <Field
            label="Model"
            testId="providers-add-model"
            value={form.model}
            onChange={set('model')}
            error={errors.model}
            placeholder={tested?.models[0] ?? 'e.g. llama3.1:8b'}
            autoComplete="off"
            hint="The model name upstream."
          />
          <Field
            label="Max context"
            testId="providers-add-max-model-len"
            value={form.maxModelLen}
            onChange={set('maxModelLen')}
            error={errors.maxModelLen}
            inputMode="numeric"
            suffix="tokens"
            placeholder="unknown"
          />
          <Field
            label="Input price"
            testId="providers-add-input-price"
            value={form.inputCostPerToken}
            onChange={set('inputCostPerToken')}
            error={errors.inputCostPerToken}
            inputMode="decimal"
            suffix="$ / 1M"
            placeholder="list price"
          />
          <Field
            label="Output price"
            testId="providers-add-output-price"
            value={form.outputCostPerToken}
            onChange={set('outputCostPerToken')}
            error={errors.outputCostPerToken}
            inputMode="decimal"
            suffix="$ / 1M"
            placeholder="list price"
          />
          {takesCloudEquivalent(form.kind) && (
            <Field
              label="Cloud equivalent"
              testId="providers-add-cloud-equivalent"
              value={form.cloudEquivalent}
              onChange={set('cloudEquivalent')}
              error={errors.cloudEquivalent}
              list={CLOUD_MODELS_LIST_ID}
              placeholder="e.g. openai/gpt-4o-mini"
              autoComplete="off"
              className="field-wide"
              hint="The cloud model it stands in for: the Spend page sets its cost beside that model's list price. Its prices above are its local (energy) cost."
            />
          )}
        </div>
        {tested && <TestResultNotice result={tested} testId="providers-add-test-result" />}
        {message && (
          <Notice tone="danger" title="Not added" testId="providers-add-error">
            {message}
          </Notice>
        )}
        {added && (
          <Notice tone="ok" title={`Added ${added}`} testId="providers-add-done">
            Route a model group to it on the Routing page.
          </Notice>
        )}
        <div className="form-actions">
          <Button icon={<RefreshIcon />} busy={busy === 'test'} testId="providers-add-test" onClick={() => void test()}>
            Test connection
          </Button>
          <Button
            type="submit"
            variant="primary"
            icon={<PlusIcon />}
            busy={busy === 'add'}
            testId="providers-add-submit"
          >
            Add provider
          </Button>
        </div>
      </form>
    </Card>
  );
}
