// The engine arguments that matter most, each with vLLM's default shown, and the Deploy button.
// Blank number fields are left out of the command, so vLLM's own default applies.
import type { FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { DeployIcon, SettingsIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/SelectField';
import { formatCount } from '../../lib/format';
import type { HostGpuState } from '../../lib/gpu-view';
import type { FitEstimate, Host, KvCacheDtype } from '../../lib/types';
import {
  DEFAULT_IMAGE,
  KV_CACHE_DTYPES,
  QUANTIZATIONS,
  type DeployErrors,
  type DeployForm,
  type GpuMode,
} from './deploy-form';
import { GpuPicker } from './GpuPicker';

type TextField = Exclude<keyof DeployForm, 'gpuMode' | 'gpuIndices' | 'kvCacheDtype' | 'forAgents'>;

interface DeployFormCardProps {
  form: DeployForm;
  errors: DeployErrors;
  hosts: Host[];
  gpuState: HostGpuState;
  /** The estimate's view of vLLM's defaults for this model and GPU (max model len, max num seqs). */
  defaults: FitEstimate | null;
  message: string | null;
  busy: boolean;
  onText: (field: TextField) => (value: string) => void;
  onKvDtype: (value: KvCacheDtype) => void;
  onGpuMode: (mode: GpuMode) => void;
  onToggleGpu: (index: number) => void;
  /** What "for agents" adds for the chosen model, in words. */
  agentsHint: string;
  onForAgents: (on: boolean) => void;
  onSubmit: () => void;
}

export function DeployFormCard({
  form,
  errors,
  hosts,
  gpuState,
  defaults,
  message,
  busy,
  onText,
  onKvDtype,
  onGpuMode,
  onToggleGpu,
  agentsHint,
  onForAgents,
  onSubmit,
}: DeployFormCardProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const modelLen = defaults && !form.maxModelLen.trim() ? defaults.maxModelLen : null;
  return (
    <Card
      title="Engine arguments"
      subtitle="Blank fields keep vLLM's default, shown in grey"
      icon={<SettingsIcon />}
      testId="deploy-form"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field
            label="Model"
            className="field-wide"
            testId="deploy-model"
            value={form.model}
            onChange={onText('model')}
            error={errors.model}
            placeholder="a Hugging Face id, e.g. Qwen/Qwen3-0.6B"
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            label="Deployment name"
            testId="deploy-name"
            value={form.name}
            onChange={onText('name')}
            error={errors.name}
            placeholder="e.g. qwen3-0.6b"
            spellCheck={false}
            autoComplete="off"
            hint="Lower-case letters, digits, . _ -"
          />
          <Field
            label="Served model name"
            testId="deploy-served-name"
            value={form.servedModelName}
            onChange={onText('servedModelName')}
            error={errors.servedModelName}
            placeholder={form.model || 'the model id'}
            spellCheck={false}
            autoComplete="off"
            hint="What clients ask the gateway for; default: the model id"
          />
          <SelectField
            label="Host"
            testId="deploy-host"
            value={form.hostId}
            onChange={onText('hostId')}
            error={errors.hostId}
            options={
              hosts.length
                ? hosts.map((h) => ({ value: h.id, label: `${h.name} (${h.endpoint})` }))
                : [{ value: 'local', label: 'local' }]
            }
          />
          <Field
            label="Image"
            testId="deploy-image"
            value={form.image}
            onChange={onText('image')}
            error={errors.image}
            placeholder={DEFAULT_IMAGE}
            spellCheck={false}
            autoComplete="off"
            hint={`Default ${DEFAULT_IMAGE}; pin a tag such as vllm/vllm-openai:v0.11.0`}
          />
          <GpuPicker
            state={gpuState}
            mode={form.gpuMode}
            indices={form.gpuIndices}
            error={errors.gpus}
            onMode={onGpuMode}
            onToggle={onToggleGpu}
          />
          <Field
            label="Tensor parallel size"
            testId="deploy-tp"
            value={form.tensorParallelSize}
            onChange={onText('tensorParallelSize')}
            error={errors.tensorParallelSize}
            inputMode="numeric"
            placeholder="1"
            hint="vLLM default 1: one GPU. Set N to split the model over N GPUs"
          />
          <Field
            label="GPU memory utilization"
            testId="deploy-gpu-util"
            value={form.gpuMemoryUtilization}
            onChange={onText('gpuMemoryUtilization')}
            error={errors.gpuMemoryUtilization}
            inputMode="decimal"
            placeholder="0.9"
            hint="Share of each GPU vLLM takes; default 0.9"
          />
          <Field
            label="Max model len"
            testId="deploy-max-model-len"
            value={form.maxModelLen}
            onChange={onText('maxModelLen')}
            error={errors.maxModelLen}
            inputMode="numeric"
            placeholder={modelLen ? String(modelLen) : 'from the model'}
            suffix="tokens"
            hint={
              modelLen
                ? `Default: the model's own, ${formatCount(modelLen)}`
                : "Default: the model's own context length"
            }
          />
          <SelectField
            label="KV cache dtype"
            testId="deploy-kv-dtype"
            value={form.kvCacheDtype}
            onChange={onKvDtype}
            error={errors.kvCacheDtype}
            options={KV_CACHE_DTYPES.map((d) => ({
              value: d,
              label: d === 'auto' ? 'auto (the model\u2019s dtype)' : d,
            }))}
            hint="fp8 halves the KV cache's memory"
          />
          <Field
            label="Max num seqs"
            testId="deploy-max-num-seqs"
            value={form.maxNumSeqs}
            onChange={onText('maxNumSeqs')}
            error={errors.maxNumSeqs}
            inputMode="numeric"
            placeholder={defaults ? String(defaults.breakdown.maxNumSeqs) : '256'}
            hint={`Requests batched at once; vLLM default ${defaults ? defaults.breakdown.maxNumSeqs : 256} here`}
          />
          <SelectField
            label="Quantization"
            testId="deploy-quantization"
            value={form.quantization}
            onChange={onText('quantization')}
            error={errors.quantization}
            options={[
              { value: '', label: 'From the checkpoint (default)' },
              ...[...new Set([...QUANTIZATIONS, form.quantization].filter(Boolean))].map((q) => ({
                value: q,
                label: q,
              })),
            ]}
          />
          <Field
            label="Extra arguments"
            className="field-wide"
            testId="deploy-extra-args"
            value={form.extraArgs}
            onChange={onText('extraArgs')}
            error={errors.extraArgs}
            placeholder="--enable-prefix-caching --seed 0"
            spellCheck={false}
            autoComplete="off"
            hint="Passed to vllm serve as typed; the model's recommended ones are filled in"
          />
          <Field
            label="On demand: stop when idle for"
            testId="deploy-idle-minutes"
            value={form.idleMinutes}
            onChange={onText('idleMinutes')}
            error={errors.idleMinutes}
            inputMode="numeric"
            placeholder="always running"
            suffix="minutes"
            hint="Empty keeps it running. With a value it stops after that long without requests, and the next request starts it again (the gateway waits)."
          />
          <div className="field field-wide">
            <label className="check">
              <input
                type="checkbox"
                checked={form.forAgents}
                onChange={(e) => onForAgents(e.target.checked)}
                data-testid="deploy-for-agents"
              />
              For agents (tools)
            </label>
            {errors.forAgents ? (
              <p className="field-error" data-testid="deploy-for-agents-error">
                {errors.forAgents}
              </p>
            ) : (
              <p className="field-hint" data-testid="deploy-for-agents-hint">
                {agentsHint} Claude Code, Codex and other agents need it to call tools.
              </p>
            )}
          </div>
        </div>
        {message && (
          <Notice tone="danger" title="Not deployed" testId="deploy-error">
            {message}
          </Notice>
        )}
        <div className="form-actions">
          <Button
            type="submit"
            variant="primary"
            icon={<DeployIcon />}
            busy={busy}
            disabled={!form.model.trim()}
            testId="deploy-submit"
          >
            Deploy
          </Button>
        </div>
      </form>
    </Card>
  );
}
