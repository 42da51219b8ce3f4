// Which GPUs the container gets: all of the host's, none (CPU-only or the simulator), or chosen
// ones by index. On a host without the NVIDIA runtime only "none" can start, and it says so.
import { Notice } from '../../components/Notice';
import { Segmented } from '../../components/Segmented';
import { formatMib, NO_RUNTIME_MESSAGE, type HostGpuState } from '../../lib/gpu-view';
import type { GpuMode } from './deploy-form';

interface GpuPickerProps {
  state: HostGpuState;
  mode: GpuMode;
  indices: number[];
  error?: string;
  onMode: (mode: GpuMode) => void;
  onToggle: (index: number) => void;
}

export function GpuPicker({ state, mode, indices, error, onMode, onToggle }: GpuPickerProps) {
  const noGpu = state.kind === 'no-runtime' || state.kind === 'unreachable';
  return (
    <div className={`field field-wide${error ? ' has-error' : ''}`}>
      <span className="field-label" id="deploy-gpus-label">
        GPUs
      </span>
      <Segmented
        label="GPUs"
        value={mode}
        onChange={onMode}
        testId="deploy-gpus"
        options={[
          { value: 'all', label: 'All', disabled: noGpu, hint: 'docker run --gpus all' },
          { value: 'none', label: 'None', hint: 'No GPU: CPU-only engines and the simulator' },
          { value: 'indices', label: 'Choose…', disabled: state.kind !== 'gpus', hint: 'Specific GPUs by index' },
        ]}
      />
      {state.kind === 'no-runtime' && (
        <Notice tone="info" testId="deploy-gpus-no-runtime">
          {NO_RUNTIME_MESSAGE}
          {state.detail && <span className="muted small"> {state.detail}</span>}
        </Notice>
      )}
      {state.kind === 'unreachable' && (
        <Notice tone="warn" title="Docker is not reachable on this host" testId="deploy-gpus-unreachable">
          {state.problem}
        </Notice>
      )}
      {state.kind === 'checking' && (
        <p className="field-hint" data-testid="deploy-gpus-checking">
          Looking for GPUs on this host…
        </p>
      )}
      {state.kind === 'gpus' && mode === 'indices' && (
        <div className="gpu-choices" data-testid="deploy-gpu-choices">
          {state.gpus.map((g) => (
            <label key={g.uuid} className="gpu-choice">
              <input
                type="checkbox"
                checked={indices.includes(g.index)}
                onChange={() => onToggle(g.index)}
                data-testid={`deploy-gpu-${g.index}`}
              />
              <span className="mono">{g.index}</span>
              <span>{g.name}</span>
              <span className="muted small">
                {formatMib(g.memoryUsedMib)} of {formatMib(g.memoryTotalMib)} used
              </span>
            </label>
          ))}
        </div>
      )}
      {state.kind === 'gpus' && mode !== 'indices' && (
        <p className="field-hint">
          {state.gpus.length} GPU{state.gpus.length === 1 ? '' : 's'} found:{' '}
          {[...new Set(state.gpus.map((g) => g.name))].join(', ')}.
        </p>
      )}
      {error && (
        <p className="field-error" data-testid="deploy-gpus-error">
          {error}
        </p>
      )}
    </div>
  );
}
