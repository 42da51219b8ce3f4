// Copies a value to the clipboard and says so for a moment. Falls back to selecting the text
// (via the caller's element) when the clipboard API is unavailable or refused.
import { useEffect, useState } from 'react';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ value, testId, onFallback }: { value: string; testId?: string; onFallback?: () => void }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      onFallback?.();
      setState('failed');
    }
  };

  return (
    <Button
      size="sm"
      variant="secondary"
      testId={testId}
      onClick={copy}
      icon={state === 'copied' ? <CheckIcon /> : <CopyIcon />}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Press Ctrl+C' : 'Copy'}
    </Button>
  );
}
