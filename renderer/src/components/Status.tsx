// Coloured status dots and badges; the colour comes from a tone (see lib/status.ts).
import type { ReactNode } from 'react';
import type { Tone } from '../lib/status';

export function StatusDot({ tone, pulse = false, label }: { tone: Tone; pulse?: boolean; label?: string }) {
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: labelled dots are role="img"; unlabelled ones are hidden
    <span
      className={`dot dot-${tone}${pulse ? ' dot-pulse' : ''}`}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}

export function Badge({
  tone,
  children,
  testId,
  dot = true,
}: {
  tone: Tone;
  children: ReactNode;
  testId?: string;
  dot?: boolean;
}) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {dot && <span className={`dot dot-${tone}`} aria-hidden="true" />}
      {children}
    </span>
  );
}
