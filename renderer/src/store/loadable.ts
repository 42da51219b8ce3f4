// A value fetched from the API, with its request state. Every list or record in the store is one,
// so pages render loading, error and empty states the same way.
import type { ApiErrorCode } from '../../../shared/contract';
import { ApiCallError } from '../api/client';
import { errorMessage } from '../lib/errors';

export interface Loadable<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** The API's error code when the last load failed with one (e.g. "unauthorized"). */
  errorCode: ApiErrorCode | null;
}

export function idle<T>(): Loadable<T> {
  return { data: null, loading: false, error: null, errorCode: null };
}

export function loaded<T>(data: T): Loadable<T> {
  return { data, loading: false, error: null, errorCode: null };
}

type LoadableKeys<S> = { [K in keyof S]: S[K] extends Loadable<unknown> ? K : never }[keyof S];
type DataOf<L> = L extends Loadable<infer T> ? T : never;
type SetState<S> = (update: (state: S) => Partial<S>) => void;

/**
 * Runs `fetch` and records its progress in `state[key]`. Keeps the previous data while loading
 * (so a refresh does not blank the page) and on error. Never throws: the error lands in the store.
 */
export async function loadInto<S, K extends LoadableKeys<S>>(
  set: SetState<S>,
  key: K,
  fetch: () => Promise<DataOf<S[K]>>,
): Promise<void> {
  const patch = (update: Partial<Loadable<unknown>>) =>
    set((state) => ({ [key]: { ...(state[key] as Loadable<unknown>), ...update } }) as Partial<S>);
  patch({ loading: true });
  try {
    const data = await fetch();
    patch({ data, loading: false, error: null, errorCode: null });
  } catch (err) {
    patch({ loading: false, error: errorMessage(err), errorCode: err instanceof ApiCallError ? err.code : null });
  }
}
