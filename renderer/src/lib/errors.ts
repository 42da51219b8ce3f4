// Turns errors from the API client into what a form shows: a message per field it knows, and one
// general message for the rest. The admin API reports bad input as `fields` (dotted path + message).
import { ApiCallError } from '../api/client';

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** Everything not attached to a known field (or null when every problem has a home). */
  message: string | null;
}

/**
 * Splits an error by the form's fields. A path such as `models.0` belongs to the `models` field;
 * paths the form does not show (and non-input errors) fall through to `message`.
 */
export function formErrors<F extends string>(err: unknown, known: readonly F[]): FormErrors<F> {
  if (!(err instanceof ApiCallError) || !err.fields?.length) {
    return { fields: {}, message: errorMessage(err) };
  }
  const fields: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const { path, message } of err.fields) {
    const head = path.split('.')[0] as F;
    if (known.includes(head)) {
      fields[head] ??= message;
    } else {
      rest.push(path ? `${path}: ${message}` : message);
    }
  }
  return { fields, message: rest.length ? rest.join('; ') : null };
}
