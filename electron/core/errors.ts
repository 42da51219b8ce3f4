// ApiError: the one error type of the core. Domain modules and handlers throw it with one of the
// contract's codes (ApiErrorCode, shared/contract.ts, the one list of them); callers match it with
// `instanceof`, and both bridges turn it into an ApiErrorBody.
import type { z } from 'zod';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/contract';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: ApiErrorBody['fields'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

/** Turns zod's issues into one sentence naming every bad field, plus the fields themselves. */
export function invalidInput(what: string, error: z.ZodError): ApiError {
  const fields = error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
  const list = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return new ApiError('invalid_input', `${what}: ${list}`, fields);
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.toBody();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Unexpected error: ${message}. See the log for details.` };
}
