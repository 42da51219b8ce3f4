// The 400 every dialect gives for a body it cannot translate: the gateway's own error, naming the
// field by its path (`messages.2.content.0.type`) so the client knows what to fix. Each route's
// error handler renders it in that route's shape.
import { z } from 'zod';
import { GatewayError } from '../http-io';

export function invalidRequest(param: string, message: string, code = 'invalid_request'): GatewayError {
  return new GatewayError(400, 'invalid_request_error', `${param}: ${message}`, code, param);
}

/** A dotted path from a base and zod's issue path: `messages.0.content`. */
export const fieldPath = (base: string, path: ReadonlyArray<PropertyKey>) =>
  [base, ...path.map(String)].filter(Boolean).join('.');

/** The first issue of a failed parse, as a 400 naming its field. */
export function fromZodError(error: z.ZodError, base = ''): GatewayError {
  const issue = error.issues[0];
  const param = fieldPath(base, issue?.path ?? []) || 'body';
  return invalidRequest(param, issue?.message ?? 'invalid value', 'invalid_type');
}

/** Parses `value` with `schema` or throws the 400 naming the bad field under `base`. */
export function parseField<T>(schema: z.ZodType<T>, value: unknown, base: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, base);
  return result.data;
}

/** A JSON object (a tool's JSON schema, a response format's schema), checked but not walked or copied. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'must be a JSON object',
);
