// Shows a secret (a new virtual key or master key) the one time it exists in the clear, with a
// copy button and a warning that it will not be shown again.
import { useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { CopyButton } from './CopyButton';
import { WarningIcon } from './icons';

interface SecretOnceProps {
  title: string;
  value: string;
  /** Prefix for test ids: `${testId}-value`, `-copy`, `-dismiss`. */
  testId: string;
  onDismiss: () => void;
  children?: ReactNode;
}

export function SecretOnce({ title, value, testId, onDismiss, children }: SecretOnceProps) {
  const valueRef = useRef<HTMLElement>(null);
  const selectValue = () => {
    const node = valueRef.current;
    if (!node) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };

  return (
    <div className="secret-once" role="status" data-testid={testId}>
      <div className="secret-head">
        <span className="secret-icon">
          <WarningIcon />
        </span>
        <div>
          <strong>{title}</strong>
          <p className="secret-warning">Copy it now: it is stored only as a hash and will not be shown again.</p>
        </div>
      </div>
      <div className="secret-row">
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click selects the text for copying; the copy button is the keyboard path */}
        <code className="secret-value" ref={valueRef} data-testid={`${testId}-value`} onClick={selectValue}>
          {value}
        </code>
        <CopyButton value={value} testId={`${testId}-copy`} onFallback={selectValue} />
      </div>
      {children && <div className="secret-extra">{children}</div>}
      <div className="secret-foot">
        <Button size="sm" variant="ghost" testId={`${testId}-dismiss`} onClick={onDismiss}>
          I have copied it — hide
        </Button>
      </div>
    </div>
  );
}
