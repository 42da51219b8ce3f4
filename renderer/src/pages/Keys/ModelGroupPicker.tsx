// Allowed model groups for a new key, picked as toggle chips from the groups that exist. None
// picked allows every group. Without any group yet, a text field takes names.
import { Field } from '../../components/Field';
import { parseList, toggleListItem } from './key-form';

interface ModelGroupPickerProps {
  groups: string[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

export function ModelGroupPicker({ groups, value, onChange, error }: ModelGroupPickerProps) {
  if (groups.length === 0) {
    return (
      <Field
        label="Model groups"
        testId="keys-create-models"
        value={value}
        onChange={onChange}
        error={error}
        placeholder="all"
        hint="Comma-separated; empty allows every model group."
        autoComplete="off"
        className="field-wide"
      />
    );
  }
  const picked = new Set(parseList(value));
  return (
    <div className={`field field-wide${error ? ' has-error' : ''}`}>
      <span className="field-label" id="keys-create-models-label">
        Model groups
      </span>
      <div
        className="pick-chips"
        role="group"
        aria-labelledby="keys-create-models-label"
        data-testid="keys-create-models"
      >
        {groups.map((g) => (
          <button
            key={g}
            type="button"
            className="pick-chip"
            aria-pressed={picked.has(g)}
            data-testid={`keys-create-model-${g}`}
            onClick={() => onChange(toggleListItem(value, g))}
          >
            {g}
          </button>
        ))}
      </div>
      {error ? (
        <p className="field-error" data-testid="keys-create-models-error">
          {error}
        </p>
      ) : (
        <p className="field-hint">
          {picked.size ? `Only ${[...picked].join(', ')}.` : 'None picked: every model group.'}
        </p>
      )}
    </div>
  );
}
