// Theme: follow the system, or force dark or light. Applied as soon as it is saved.
import { useState } from 'react';
import { Card } from '../../components/Card';
import { Notice } from '../../components/Notice';
import { errorMessage } from '../../lib/errors';
import type { ThemePreference } from '../../lib/theme';
import { actions } from '../../store';

const options: { value: ThemePreference; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follow the operating system' },
  { value: 'light', label: 'Light', hint: 'Always light' },
  { value: 'dark', label: 'Dark', hint: 'Always dark' },
];

export function AppearanceCard({ theme }: { theme: ThemePreference }) {
  const [pending, setPending] = useState<ThemePreference | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = pending ?? theme;

  const choose = async (value: ThemePreference) => {
    if (value === theme) return;
    setPending(value);
    setError(null);
    try {
      await actions().saveSettings({ theme: value });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(null);
    }
  };

  return (
    <Card title="Appearance" subtitle="Colour theme of this window" testId="settings-appearance">
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={current === option.value}
            title={option.hint}
            className={`segment${current === option.value ? ' is-selected' : ''}`}
            data-testid={`settings-theme-${option.value}`}
            onClick={() => void choose(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
      {error && (
        <Notice tone="danger" title="Theme not saved" testId="settings-theme-error">
          {error}
        </Notice>
      )}
    </Card>
  );
}
