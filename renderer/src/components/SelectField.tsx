// A labelled <select> that looks and reports errors like Field. The error's test id is the
// select's plus "-error".
import { useId, type ReactNode } from 'react';

interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  testId: string;
  hint?: ReactNode;
  error?: string;
  className?: string;
  disabled?: boolean;
}

export function SelectField<V extends string>({ label, value, options, onChange, testId, hint, error, className, disabled }: SelectFieldProps<V>) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">{label}</label>
      <div className="field-control">
        <select id={id} className="input select" value={value} data-testid={testId} disabled={disabled}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value as V)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${testId}-error`}>{error}</p>
      ) : hint ? (
        <p id={`${id}-hint`} className="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}
