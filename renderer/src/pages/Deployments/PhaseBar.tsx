// A deployment's start as steps and a bar: which phase it is in, how far that phase is (pulled
// bytes, checkpoint shards, CUDA graphs) and what the engine last said about it.
import { CheckIcon } from '../../components/icons';
import { formatPercent, type PhaseView } from './phase-view';

export function PhaseBar({ view, testId }: { view: PhaseView; testId: string }) {
  const current = view.steps.find((s) => s.status === 'current' || s.status === 'failed');
  const showBar = view.active || view.phase === 'ready';
  return (
    <div className="phase" data-testid={testId} data-phase={view.phase}>
      <ol className="phase-steps">
        {view.steps.map((s) => (
          <li
            key={s.phase}
            className={`phase-step is-${s.status}`}
            data-testid={`${testId}-step-${s.phase}`}
            data-status={s.status}
          >
            <span className="phase-label">
              {s.status === 'done' && <CheckIcon size={12} />}
              {s.label}
            </span>
          </li>
        ))}
      </ol>
      {showBar && (
        <div className="phase-progress">
          <div
            className={`progress${view.fraction === null ? ' is-indeterminate' : ''}${view.phase === 'ready' ? ' is-done' : ''}`}
            role="progressbar"
            aria-label={current?.label ?? 'Progress'}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={view.fraction === null ? undefined : Math.round(view.fraction * 100)}
            data-testid={`${testId}-bar`}
          >
            <span
              className="progress-fill"
              style={view.fraction === null ? undefined : { width: formatPercent(view.fraction) }}
            />
          </div>
          <span className="phase-detail" data-testid={`${testId}-detail`}>
            {view.phase === 'ready' ? 'Ready' : (current?.label ?? 'Waiting')}
            {view.fraction !== null && view.phase !== 'ready' && ` · ${formatPercent(view.fraction)}`}
            {view.detail && <span className="muted"> · {view.detail}</span>}
          </span>
        </div>
      )}
    </div>
  );
}
