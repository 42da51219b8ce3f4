// A row of mutually exclusive choices (radio buttons that look like a segmented control).
// Each option's test id is `${testId}-${value}`.
interface SegmentedProps<V extends string> {
  label: string;
  value: V;
  options: { value: V; label: string; disabled?: boolean; hint?: string }[];
  onChange: (value: V) => void;
  testId: string;
}

export function Segmented<V extends string>({ label, value, options, onChange, testId }: SegmentedProps<V>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          title={o.hint}
          disabled={o.disabled}
          className={`segment${value === o.value ? ' is-selected' : ''}`}
          data-testid={`${testId}-${o.value}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
