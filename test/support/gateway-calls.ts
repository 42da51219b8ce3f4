// Raw calls to a gateway under test (any body, any route, streams read to the end) and what the
// gateway recorded for them: the request-log row, a key's or team's spend.
import type { GatewayFixture } from './gateway-fixture';

export interface CallResult {
  status: number;
  requestId: string;
  /** x-switchyard-reserved-usd, when the answer carries it. */
  reservedUsd: number | null;
  text: string;
  json: Record<string, unknown> | null;
}

let sequence = 0;

export async function call(
  url: string,
  path: string,
  key: string,
  body: unknown,
  method = 'POST',
): Promise<CallResult> {
  const requestId = `call-${process.pid}-${++sequence}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': requestId },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  const reserved = res.headers.get('x-switchyard-reserved-usd');
  return { status: res.status, requestId, reservedUsd: reserved == null ? null : Number(reserved), text, json };
}

export interface LoggedRow {
  status: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  deployment: string | null;
  key_id: string | null;
}

export function loggedRow(f: GatewayFixture, requestId: string): LoggedRow | undefined {
  f.rt.writer.flush();
  return f.store.db
    .prepare(
      `SELECT status, prompt_tokens, completion_tokens, cost_usd, deployment, key_id FROM request_logs WHERE id = ?`,
    )
    .get(requestId) as LoggedRow | undefined;
}

export function loggedRowsOfKey(f: GatewayFixture, keyId: string): LoggedRow[] {
  f.rt.writer.flush();
  return f.store.db
    .prepare(
      `SELECT status, prompt_tokens, completion_tokens, cost_usd, deployment, key_id FROM request_logs WHERE key_id = ?`,
    )
    .all(keyId) as LoggedRow[];
}

export function keySpend(f: GatewayFixture, keyId: string): number {
  f.rt.writer.flush();
  return f.store.keys.get(keyId)!.spendUsd;
}

export function teamSpend(f: GatewayFixture, teamId: string): number {
  f.rt.writer.flush();
  return f.store.teams.get(teamId)!.spendUsd;
}

/** A fresh key (and the gateway told about it). */
export function newKey(f: GatewayFixture, spec: Parameters<GatewayFixture['store']['keys']['create']>[0]) {
  const created = f.store.keys.create(spec);
  f.rt.reload();
  return created;
}

/** The OpenAI-shaped error of an answer (empty when it has none). */
export const errorOf = (r: CallResult) =>
  (r.json?.error ?? {}) as { type?: string; code?: string; message?: string; param?: string | null };
