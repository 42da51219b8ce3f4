// What every LiteLLM-compatible admin route gets: the runtime, the request and its parsed query,
// the caller, and how to answer, parse a body and announce a change. Errors are GatewayErrors, so
// they reach the client in OpenAI's error shape (which is also LiteLLM's).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Principal } from '../auth';
import { GatewayError, parseJsonObject, readBody } from '../http-io';
import type { GatewayRuntime } from '../runtime';

/** What a route changed: `keys` covers keys, teams and users; `routing` a target added or removed. */
export type AdminChange = 'keys' | 'routing';

export interface AdminContext {
  rt: GatewayRuntime;
  req: IncomingMessage;
  res: ServerResponse;
  /** The path, without query and without a trailing slash. */
  path: string;
  method: string;
  query: URLSearchParams;
  principal: Principal;
  token: string;
  /** Reloads this gateway's view of the store, then tells the app. */
  changed(kind: AdminChange): void;
}

export function send(ctx: AdminContext, body: unknown): void {
  const text = JSON.stringify(body);
  ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  ctx.res.end(text);
}

export const badRequest = (message: string, param: string | null = null, code = 'invalid_parameter') =>
  new GatewayError(400, 'invalid_request_error', message, code, param);

export const notFound = (message: string, code: string, param: string | null = null) =>
  new GatewayError(404, 'not_found_error', message, code, param);

/** Checks a body or query against a schema; the first bad field is named in the 400. */
export function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.map(String).join('.') || null;
  throw badRequest(`${param ?? 'body'}: ${issue.message}`, param);
}

export async function body<T>(ctx: AdminContext, schema: z.ZodType<T>): Promise<T> {
  if (ctx.method !== 'POST')
    throw new GatewayError(405, 'invalid_request_error', `${ctx.path} takes POST.`, 'method_not_allowed');
  return parse(schema, parseJsonObject(await readBody(ctx.req, ctx.rt.maxBodyBytes)));
}

export function requireGet(ctx: AdminContext): void {
  if (ctx.method !== 'GET')
    throw new GatewayError(405, 'invalid_request_error', `${ctx.path} takes GET.`, 'method_not_allowed');
}

export function requireMaster(ctx: AdminContext): void {
  if (!ctx.principal.isMaster)
    throw new GatewayError(
      403,
      'permission_error',
      `${ctx.path} needs the master key (Authorization: Bearer <master key>).`,
      'master_key_required',
    );
}

export const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** Query parameters as an object, for zod: `?a=1&a=2` keeps the last. */
export const queryObject = (q: URLSearchParams): Record<string, string> => Object.fromEntries(q.entries());
