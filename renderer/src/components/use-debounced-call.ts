// Runs an async call a moment after its input settles (typing in a form), keeping the last answer
// on screen while the next one loads and dropping answers that arrive after a newer request.
import { useEffect, useRef, useState } from 'react';

export interface DebouncedCall<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
}

/** `key` identifies the input (null: nothing to ask); `run` is called with the latest closure. */
export function useDebouncedCall<T>(key: string | null, run: () => Promise<T>, delayMs = 350): DebouncedCall<T> {
  const [state, setState] = useState<DebouncedCall<T>>({ data: null, error: null, loading: false });
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      runRef.current().then(
        (data) => current && setState({ data, error: null, loading: false }),
        (error: unknown) => current && setState({ data: null, error, loading: false }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, delayMs]);

  return state;
}
