// A labelled form input with a hint and, when the API rejected it, the error right below it.
// The error's test id is the input's plus "-error".
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  hint?: ReactNode;
  error?: string;
  testId: string;
  suffix?: string;
  onChange: (value: string) => void;
}

export function Field({ label, hint, error, testId, suffix, onChange, className, ...input }: FieldProps) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">{label}</label>
      <div className="field-control">
        <input
          id={id}
          className="input"
          data-testid={testId}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          {...input}
        />
        {suffix && <span className="field-suffix">{suffix}</span>}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${testId}-error`}>{error}</p>
      ) : hint ? (
        <p id={`${id}-hint`} className="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}
