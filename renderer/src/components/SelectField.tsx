// A labelled <select> that looks and reports errors like Field. The error's test id is the
// select's plus "-error".
import type { ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';

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

export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  testId,
  hint,
  error,
  className,
  disabled,
}: SelectFieldProps<V>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} testId={testId} className={className}>
      {({ id, describedBy }) => (
        <select
          id={id}
          className="input select"
          value={value}
          data-testid={testId}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value as V)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
