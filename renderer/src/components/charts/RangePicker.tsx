// The dashboards' time range: 1 h / 24 h / 7 d / 30 d, or a custom start and end (local time).
// A custom range is applied with its button, once both ends make sense.
import { useEffect, useState } from 'react';
import { Button } from '../Button';
import { Segmented } from '../Segmented';
import {
  customFrom,
  customRangeProblem,
  fromLocalInput,
  RANGE_OPTIONS,
  toLocalInput,
  type RangeChoice,
} from './time-range';

interface RangePickerProps {
  value: RangeChoice;
  onChange: (choice: RangeChoice) => void;
  testId: string;
}

export function RangePicker({ value, onChange, testId }: RangePickerProps) {
  const [draft, setDraft] = useState({ from: '', to: '' });
  useEffect(() => {
    if (value.preset === 'custom') setDraft({ from: toLocalInput(value.fromMs), to: toLocalInput(value.toMs) });
  }, [value]);

  const fromMs = fromLocalInput(draft.from);
  const toMs = fromLocalInput(draft.to);
  const problem = customRangeProblem(fromMs, toMs);
  const unchanged = value.preset === 'custom' && value.fromMs === fromMs && value.toMs === toMs;

  return (
    <div className="range-picker" data-testid={testId}>
      <Segmented
        label="Time range"
        value={value.preset}
        options={RANGE_OPTIONS}
        onChange={(preset) => onChange(preset === 'custom' ? customFrom(value, Date.now()) : { preset })}
        testId={`${testId}-preset`}
      />
      {value.preset === 'custom' && (
        <div className="range-custom">
          <label className="range-field">
            <span>From</span>
            <input
              type="datetime-local"
              className="input"
              value={draft.from}
              data-testid={`${testId}-from`}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label className="range-field">
            <span>To</span>
            <input
              type="datetime-local"
              className="input"
              value={draft.to}
              data-testid={`${testId}-to`}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <Button
            size="sm"
            variant="primary"
            disabled={problem !== null || unchanged}
            testId={`${testId}-apply`}
            title={problem ?? undefined}
            onClick={() => onChange({ preset: 'custom', fromMs: fromMs!, toMs: toMs! })}
          >
            Apply
          </Button>
          {problem && (
            <span className="range-problem" data-testid={`${testId}-problem`}>
              {problem}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
