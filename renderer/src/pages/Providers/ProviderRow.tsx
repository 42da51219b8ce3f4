// One provider in the table, with its actions: test the connection (lists the models), edit the
// price overrides (per 1M tokens) and, for a self-hosted vLLM, its cloud equivalent; remove.
// Results and the price editor open under the row.
import { useState } from 'react';
import type { Provider, ProviderTestResult } from '../../../../shared/contract-access';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { RefreshIcon, TrashIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Badge } from '../../components/Status';
import { errorMessage, formErrors } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { actions } from '../../store';
import { CLOUD_MODELS_LIST_ID, kindInfo, perMillion, perToken, takesCloudEquivalent } from './provider-form';
import { TestResultNotice } from './TestResultNotice';

const COLUMNS = 7;
const priceText = (p: number | null) => (p === null ? 'list price' : `$${perMillion(p)}`);

export function ProviderRow({ provider }: { provider: Provider }) {
  const id = provider.name;
  const [tested, setTested] = useState<ProviderTestResult | null>(null);
  const [editing, setEditing] = useState<{ input: string; output: string; cloud: string } | null>(null);
  const [errors, setErrors] = useState<{
    inputCostPerToken?: string;
    outputCostPerToken?: string;
    cloudEquivalent?: string;
  }>({});
  const local = takesCloudEquivalent(provider.kind);
  const [busy, setBusy] = useState<'test' | 'save' | 'remove' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (what: 'test' | 'save' | 'remove', action: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await action();
    } catch (err) {
      const split = formErrors(err, ['inputCostPerToken', 'outputCostPerToken', 'cloudEquivalent'] as const);
      setErrors(split.fields);
      setProblem(split.message ?? (Object.keys(split.fields).length ? null : errorMessage(err)));
    } finally {
      setBusy(null);
    }
  };
  const test = () => run('test', async () => setTested(await actions().testProvider({ name: id })));
  const save = () =>
    run('save', async () => {
      const input = perToken(editing!.input);
      const output = perToken(editing!.output);
      const bad = {
        ...(Number.isNaN(input) ? { inputCostPerToken: 'A price in USD per 1M tokens, such as 0.15.' } : {}),
        ...(Number.isNaN(output) ? { outputCostPerToken: 'A price in USD per 1M tokens, such as 0.60.' } : {}),
      };
      setErrors(bad);
      if (Object.keys(bad).length) return;
      await actions().updateProvider({
        name: id,
        inputCostPerToken: input ?? null,
        outputCostPerToken: output ?? null,
        ...(local ? { cloudEquivalent: editing!.cloud.trim() || null } : {}),
      });
      setEditing(null);
    });

  return (
    <>
      <tr data-testid={`provider-row-${id}`}>
        <td>
          <div className="cell-primary">{id}</div>
          <div className="cell-secondary">{kindInfo(provider.kind).label}</div>
        </td>
        <td className="mono small">{provider.baseUrl}</td>
        <td>
          <div className="mono small">{provider.model}</div>
          {provider.maxModelLen !== null && (
            <div className="cell-secondary">{formatCount(provider.maxModelLen)} tokens</div>
          )}
        </td>
        <td>{provider.hasApiKey ? <Badge tone="ok">Encrypted</Badge> : <span className="faint">None</span>}</td>
        <td className="nowrap" data-testid={`provider-prices-${id}`}>
          <div>in {priceText(provider.inputCostPerToken)}</div>
          <div className="cell-secondary">out {priceText(provider.outputCostPerToken)} · per 1M</div>
          {local && provider.cloudEquivalent && (
            <div className="cell-secondary" data-testid={`provider-cloud-equivalent-${id}`}>
              vs {provider.cloudEquivalent}
            </div>
          )}
        </td>
        <td>{provider.usedBy.length ? provider.usedBy.join(', ') : <span className="faint">No group</span>}</td>
        <td className="cell-actions">
          <div className="row-actions">
            <Button
              size="sm"
              icon={<RefreshIcon />}
              busy={busy === 'test'}
              testId={`provider-test-${id}`}
              onClick={() => void test()}
            >
              Test
            </Button>
            <Button
              size="sm"
              variant="ghost"
              testId={`provider-edit-${id}`}
              onClick={() =>
                setEditing(
                  editing
                    ? null
                    : {
                        input: perMillion(provider.inputCostPerToken),
                        output: perMillion(provider.outputCostPerToken),
                        cloud: provider.cloudEquivalent ?? '',
                      },
                )
              }
            >
              Prices
            </Button>
            <ConfirmButton
              label="Remove"
              confirmLabel="Remove"
              icon={<TrashIcon />}
              testId={`provider-remove-${id}`}
              busy={busy === 'remove'}
              onConfirm={() => run('remove', () => actions().removeProvider(id))}
            />
          </div>
        </td>
      </tr>
      {(tested || editing || problem) && (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            {problem && (
              <Notice tone="danger" title="Not done" testId={`provider-error-${id}`}>
                {problem}
              </Notice>
            )}
            {editing && (
              <div className="inline-edit" data-testid={`provider-prices-form-${id}`}>
                <Field
                  label="Input price"
                  testId={`provider-input-price-${id}`}
                  value={editing.input}
                  onChange={(v) => setEditing({ ...editing, input: v })}
                  error={errors.inputCostPerToken}
                  inputMode="decimal"
                  suffix="$ / 1M"
                  placeholder="list price"
                />
                <Field
                  label="Output price"
                  testId={`provider-output-price-${id}`}
                  value={editing.output}
                  onChange={(v) => setEditing({ ...editing, output: v })}
                  error={errors.outputCostPerToken}
                  inputMode="decimal"
                  suffix="$ / 1M"
                  placeholder="list price"
                />
                {local && (
                  <Field
                    label="Cloud equivalent"
                    testId={`provider-cloud-equivalent-input-${id}`}
                    value={editing.cloud}
                    onChange={(v) => setEditing({ ...editing, cloud: v })}
                    error={errors.cloudEquivalent}
                    list={CLOUD_MODELS_LIST_ID}
                    placeholder="none"
                    autoComplete="off"
                  />
                )}
                <Button
                  variant="primary"
                  size="sm"
                  busy={busy === 'save'}
                  testId={`provider-save-prices-${id}`}
                  onClick={() => void save()}
                >
                  Save prices
                </Button>
                <Button variant="ghost" size="sm" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </div>
            )}
            {tested && <TestResultNotice result={tested} testId={`provider-test-result-${id}`} />}
          </td>
        </tr>
      )}
    </>
  );
}
