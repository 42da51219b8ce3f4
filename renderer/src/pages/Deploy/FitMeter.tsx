// "Will it fit?": the fit estimate for the form as it stands, updated as arguments change. One
// GPU's memory as a bar (weights, vLLM's overhead, KV cache, free), the verdict in a sentence,
// the KV-cache tokens and concurrency vLLM should log, and a shorter context when one is needed.
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Facts } from '../../components/Facts';
import { GaugeIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/SelectField';
import { Badge } from '../../components/Status';
import type { DebouncedCall } from '../../components/use-debounced-call';
import { errorMessage } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import type { FitEstimate } from '../../lib/types';
import type { FitGpu } from './fit-gpu';
import { REFERENCE_GPUS } from './fit-gpu';
import { fitBar, formatGib, verdictLabel, verdictTone } from './fit-view';

interface FitMeterProps {
  fit: DebouncedCall<FitEstimate>;
  gpu: FitGpu;
  hasModel: boolean;
  onReference: (gib: number) => void;
  onUseMaxModelLen: (tokens: number) => void;
}

export function FitMeter({ fit, gpu, hasModel, onReference, onUseMaxModelLen }: FitMeterProps) {
  const e = fit.data;
  return (
    <Card
      title="Will it fit?"
      subtitle={`Estimated for ${gpu.label}`}
      icon={<GaugeIcon />}
      testId="deploy-fit"
      actions={
        e && (
          <Badge tone={verdictTone(e.verdict)} testId="deploy-fit-badge">
            {verdictLabel(e.verdict)}
          </Badge>
        )
      }
    >
      {gpu.reference && (
        <SelectField
          label="Estimate for a GPU of"
          testId="deploy-fit-reference"
          value={String(gpu.memGib)}
          options={REFERENCE_GPUS.map((r) => ({ value: String(r.gib), label: r.label }))}
          onChange={(v) => onReference(Number(v))}
          hint="No GPU of this host is chosen, so the estimate is for the GPU you would run it on."
        />
      )}
      {!hasModel && (
        <p className="muted" data-testid="deploy-fit-empty">
          Pick a model to see whether it fits.
        </p>
      )}
      {hasModel && fit.error != null && (
        <Notice tone="warn" title="No estimate" testId="deploy-fit-error">
          {errorMessage(fit.error)}
        </Notice>
      )}
      {e && <FitDetails estimate={e} stale={fit.loading} onUseMaxModelLen={onUseMaxModelLen} />}
    </Card>
  );
}

function FitDetails({
  estimate: e,
  stale,
  onUseMaxModelLen,
}: {
  estimate: FitEstimate;
  stale: boolean;
  onUseMaxModelLen: (tokens: number) => void;
}) {
  const bar = fitBar(e);
  return (
    <div className={`fit${stale ? ' is-stale' : ''}`} aria-busy={stale || undefined}>
      <div
        className="fit-bar"
        data-testid="deploy-fit-bar"
        role="img"
        aria-label={bar.segments.map((s) => `${s.label} ${formatGib(s.gib)}`).join(', ')}
      >
        {bar.segments.map(
          (s) =>
            s.share > 0 && (
              <span
                key={s.key}
                className={`fit-seg fit-seg-${s.key}`}
                style={{ width: `${s.share * 100}%` }}
                title={`${s.label}: ${formatGib(s.gib)}`}
              />
            ),
        )}
        <span
          className="fit-mark"
          style={{ left: `${bar.budgetMark * 100}%` }}
          title={`--gpu-memory-utilization: ${formatGib(e.breakdown.requestedGib)}`}
        />
        {bar.gpuMark < 1 && (
          <span
            className="fit-mark fit-mark-end"
            style={{ left: `${bar.gpuMark * 100}%` }}
            title={`GPU memory ends: ${formatGib(e.breakdown.totalGib)}`}
          />
        )}
      </div>
      <ul className="fit-legend">
        {bar.segments.map((s) => (
          <li key={s.key}>
            <span className={`fit-swatch fit-seg-${s.key}`} />
            {s.label} <span className="muted">{formatGib(s.gib)}</span>
          </li>
        ))}
      </ul>
      <p className={`fit-verdict tone-${verdictTone(e.verdict)}`} data-testid="deploy-fit-verdict">
        {e.verdictText}
      </p>
      {e.suggestedMaxModelLen !== null && (
        <Notice
          tone="warn"
          title={`Suggested max model len: ${formatCount(e.suggestedMaxModelLen)}`}
          testId="deploy-fit-suggested"
          action={
            <Button
              size="sm"
              onClick={() => onUseMaxModelLen(e.suggestedMaxModelLen!)}
              testId="deploy-fit-use-suggested"
            >
              Use it
            </Button>
          }
        >
          The longest context whose KV cache fits, as vLLM would work it out.
        </Notice>
      )}
      <Facts
        items={[
          { label: 'Weights per GPU', value: formatGib(e.weightsGib), testId: 'deploy-fit-weights' },
          {
            label: 'KV cache',
            value: `${formatCount(e.kvCacheTokens)} tokens (${formatGib(Math.max(0, e.breakdown.availableKvGib))})`,
            testId: 'deploy-fit-kv-tokens',
          },
          {
            label: 'Max concurrency',
            value: `${e.maxConcurrency.toFixed(2)}× at ${formatCount(e.maxModelLen)} tokens`,
            testId: 'deploy-fit-concurrency',
          },
          {
            label: 'KV per token',
            value: `${formatCount(e.kvBytesPerToken / 1024)} KiB`,
            testId: 'deploy-fit-kv-per-token',
          },
        ]}
      />
      {e.notes.length > 0 && (
        <ul className="fit-notes faint small">
          {e.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
