// "Test connection" for a provider or external server: asks it for its models the way the gateway
// will talk to it (same base URL, same key header) and says in plain words why that failed —
// from the status line, never the body of what answered.
import { ANTHROPIC_VERSION } from '../gateway/providers/anthropic';
import type { ProviderKind, ProviderTestResult } from '../../../shared/contract-access';
import type { Clock } from '../clock';

export interface ConnectionSettings {
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | null;
}

const TIMEOUT_MS = 8_000;
/** A model list is kilobytes; an address that streams without end must not fill the core's memory. */
const MAX_MODEL_LIST_BYTES = 4 * 1024 * 1024;

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readBounded(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Where the model list is: <baseUrl>/models (OpenAI style), or Anthropic's <baseUrl>/v1/models. */
export function modelsUrl(kind: ProviderKind, baseUrl: string): string {
  const root = baseUrl.replace(/\/+$/, '');
  return kind === 'anthropic' ? `${root.replace(/\/v1$/, '')}/v1/models` : `${root}/models`;
}

function headersFor(kind: ProviderKind, apiKey: string | null): Record<string, string> {
  if (kind === 'anthropic')
    return { 'anthropic-version': ANTHROPIC_VERSION, ...(apiKey ? { 'x-api-key': apiKey } : {}) };
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** The reason a request failed at the network level, in words a person can act on. */
function networkReason(url: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { name?: string }).name;
  const where = new URL(url).host;
  if (code === 'ECONNREFUSED')
    return `Nothing answers at ${where} (connection refused): check that the server is running and the port is right.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `The host name in ${where} cannot be resolved: check the base URL, or the network.`;
  if (code === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'AbortError')
    return `${where} did not answer within ${TIMEOUT_MS / 1000} s: check the address and any firewall.`;
  if (code && /CERT|SSL|TLS/.test(code))
    return `The TLS certificate of ${where} was refused (${code}): use the right https:// address, or http:// for a plain server.`;
  const message = cause?.message ?? (err as Error).message;
  if (/bad port/i.test(message))
    return `Port ${new URL(url).port} is one that HTTP clients refuse to connect to (it belongs to another protocol): use the server's HTTP port.`;
  return `${where} could not be reached: ${message}.`;
}

/**
 * A failed answer in words, from its status line only: the body of whatever answered is never
 * shown, so a base URL pointed at an internal service cannot be used to read it.
 */
function statusReason(status: number, statusText: string): string {
  const phrase = statusText
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 80)
    .trim();
  const line = `HTTP ${status}${phrase ? ` ${phrase}` : ''}`;
  if (status === 401 || status === 403)
    return `The server refused the API key (${line}). Check the key, or give one if the server needs it.`;
  if (status === 404)
    return `No model list at this address (${line}). The base URL usually ends in /v1, e.g. http://host:8000/v1.`;
  return `The server answered ${line}.`;
}

export async function testConnection(settings: ConnectionSettings, clock: Clock): Promise<ProviderTestResult> {
  const url = modelsUrl(settings.kind, settings.baseUrl);
  const started = clock.now();
  const result = (ok: boolean, models: string[], reason: string | null): ProviderTestResult => ({
    ok,
    models,
    reason,
    latencyMs: clock.now() - started,
  });
  let response: Response;
  try {
    response = await fetch(url, {
      headers: headersFor(settings.kind, settings.apiKey),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    return result(false, [], networkReason(url, err));
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return result(false, [], statusReason(response.status, response.statusText));
  }
  const text = await readBounded(response, MAX_MODEL_LIST_BYTES);
  if (text === null)
    return result(
      false,
      [],
      `The answer at ${url} is larger than ${MAX_MODEL_LIST_BYTES / 1024 / 1024} MiB, too large for a model list: is this the API's base URL?`,
    );
  try {
    const body = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
    if (!Array.isArray(body.data)) throw new Error('no data list');
    const models = body.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    return result(true, models, null);
  } catch {
    return result(
      false,
      [],
      `The answer at ${url} is not an OpenAI-style model list ({"data": [{"id": …}]}): is this the API's base URL?`,
    );
  }
}
