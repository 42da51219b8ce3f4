// A labelled form input with a hint and, when the API rejected it, the error right below it.
// The error's test id is the input's plus "-error".
import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  hint?: ReactNode;
  error?: string;
  testId: string;
  suffix?: string;
  onChange: (value: string) => void;
}

export function Field({ label, hint, error, testId, suffix, onChange, className, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} testId={testId} className={className}>
      {({ id, describedBy }) => (
        <>
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
        </>
      )}
    </FieldFrame>
  );
}
