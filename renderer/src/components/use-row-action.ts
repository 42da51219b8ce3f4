// A per-row action (revoke, remove) in a table: which row is busy, and the error of the last try.
import { useState } from 'react';
import { errorMessage } from '../lib/errors';

export function useRowAction(action: (id: string) => Promise<unknown>) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (id: string) => {
    setBusyId(id);
    setError(null);
    try {
      await action(id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  };
  return { busyId, error, run };
}
