// The frame every form control shares: label, the control, then the API's error (test id: the
// control's plus "-error") or else the hint. `describedBy` links the control to whichever shows.
import { useId, type ReactNode } from 'react';

interface FieldFrameProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  testId: string;
  className?: string;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}

export function FieldFrame({ label, hint, error, testId, className, children }: FieldFrameProps) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-control">{children({ id, describedBy })}</div>
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
