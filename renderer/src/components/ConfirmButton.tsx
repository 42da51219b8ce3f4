// A destructive action that asks "are you sure?" inline instead of in a modal dialog: the first
// click arms it, the second (on "Confirm") runs it. Test ids: `${testId}` and `${testId}-confirm`.
import { useState, type ReactNode } from 'react';
import { Button } from './Button';

interface ConfirmButtonProps {
  label: string;
  confirmLabel: string;
  icon?: ReactNode;
  testId: string;
  busy?: boolean;
  variant?: 'danger' | 'secondary';
  onConfirm: () => void | Promise<void>;
}

export function ConfirmButton({
  label,
  confirmLabel,
  icon,
  testId,
  busy,
  variant = 'danger',
  onConfirm,
}: ConfirmButtonProps) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <Button
        size="sm"
        variant={variant === 'danger' ? 'ghost' : 'secondary'}
        icon={icon}
        testId={testId}
        busy={busy}
        onClick={() => setArmed(true)}
      >
        {label}
      </Button>
    );
  }
  return (
    <span className="confirm-group">
      <Button
        size="sm"
        variant={variant === 'danger' ? 'danger' : 'primary'}
        testId={`${testId}-confirm`}
        busy={busy}
        onClick={async () => {
          await onConfirm();
          setArmed(false);
        }}
      >
        {confirmLabel}
      </Button>
      <Button size="sm" variant="ghost" testId={`${testId}-cancel`} onClick={() => setArmed(false)}>
        Cancel
      </Button>
    </span>
  );
}
