// Renders a Loadable: a skeleton on first load, an error with a retry, or the content.
import type { ReactNode } from 'react';
import type { Loadable } from '../store/loadable';
import { Button } from './Button';
import { Notice } from './Notice';

interface LoadStateProps<T> {
  value: Loadable<T>;
  onRetry: () => void;
  testId: string;
  children: (data: T) => ReactNode;
}

export function LoadState<T>({ value, onRetry, testId, children }: LoadStateProps<T>) {
  if (value.data !== null) {
    return (
      <>
        {value.error && (
          <Notice
            tone="danger"
            title="Could not refresh"
            testId={`${testId}-error`}
            action={
              <Button size="sm" onClick={onRetry}>
                Retry
              </Button>
            }
          >
            {value.error}
          </Notice>
        )}
        {children(value.data)}
      </>
    );
  }
  if (value.error) {
    return (
      <Notice
        tone="danger"
        title="Could not load"
        testId={`${testId}-error`}
        action={
          <Button size="sm" onClick={onRetry}>
            Retry
          </Button>
        }
      >
        {value.error}
      </Notice>
    );
  }
  return (
    <div
      className="skeleton-block"
      data-testid={`${testId}-loading`}
      role="status"
      aria-busy="true"
      aria-label="Loading"
    >
      <div className="skeleton-line" />
      <div className="skeleton-line short" />
      <div className="skeleton-line" />
    </div>
  );
}
