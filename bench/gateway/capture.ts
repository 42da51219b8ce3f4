// Body capture for the bench's `switchyard-capture` path (issue 15): a Switchyard of its own with
// request and response bodies captured for every key, switched on through the admin API
// (capture.update) before any load, as a user would in Settings; and the check afterwards that
// it did capture (the latest logged request has its bodies stored), so the cost printed is that
// of capturing, not of a setting that never took effect.
import type { SwitchyardPath } from './peers';

/** One admin API call (POST /api/<name> with the instance's admin token); its result. */
async function adminCall<T>(p: SwitchyardPath, name: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${p.adminUrl}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!response.ok)
    throw new Error(`${name} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return ((await response.json()) as { result: T }).result;
}

/** Captures every key's request and response bodies from now on (the default size cap and redaction). */
export async function enableBodyCapture(p: SwitchyardPath): Promise<void> {
  const settings = await adminCall<{ enabled: boolean }>(p, 'capture.update', { enabled: true });
  if (!settings.enabled) throw new Error(`capture.update did not switch body capture on for ${p.name}`);
}

/** Whether the latest logged request through `p` has its bodies stored (logs.page, then logs.trace). */
export async function latestRequestCaptured(p: SwitchyardPath): Promise<boolean> {
  const page = await adminCall<{ rows: Array<{ seq: number }> }>(p, 'logs.page', { limit: 1 });
  const seq = page.rows[0]?.seq;
  if (seq === undefined) return false;
  const { bodies } = await adminCall<{ bodies: { response: unknown } | null }>(p, 'logs.trace', { seq });
  return bodies !== null && bodies.response !== null;
}
