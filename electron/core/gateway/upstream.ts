// The one HTTP client for upstreams: an undici Agent with pooled keep-alive connections, shared by
// every target. Timeouts: connect, first byte (headers) and idle between body chunks.
import { Agent, type Dispatcher } from 'undici';
import { assertUpstreamUrl, guardedLookup } from '../providers/address-policy';
import { LruMap } from './lru';

export const upstreamAgent = new Agent({
  connections: 256,
  pipelining: 1,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  // Link-local and cloud-metadata addresses are refused at connect time (providers/address-policy.ts).
  connect: { timeout: 5_000, lookup: guardedLookup },
});

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Time allowed until the response headers arrive, ms. */
  firstByteTimeoutMs: number;
  /** Time allowed between two body chunks, ms. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * Each target URL as the agent takes it, checked against the address policy once: parsing the URL
 * and checking its host were 2 % of the gateway's CPU per request. A URL that passed always
 * passes (the policy refuses by the host's literal, and allowing link-local only allows more).
 */
const checkedUrls = new LruMap<string, { origin: string; path: string }>(1024);

function checkedUrl(url: string): { origin: string; path: string } {
  let parts = checkedUrls.get(url);
  if (!parts) {
    assertUpstreamUrl(url);
    const parsed = new URL(url);
    parts = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    checkedUrls.set(url, parts);
  }
  return parts;
}

export function sendUpstream(req: UpstreamRequest): Promise<UpstreamResponse> {
  const { origin, path } = checkedUrl(req.url);
  // What undici's request(url, { dispatcher }) does, without parsing the URL again each time.
  return upstreamAgent.request({
    origin,
    path,
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    body: req.body,
    headersTimeout: req.firstByteTimeoutMs,
    bodyTimeout: req.idleTimeoutMs,
    signal: req.signal,
  });
}

/** Network failures worth another target: refused, reset, timed out, DNS. */
export function isRetryableNetworkError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|UND_ERR_(CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT|SOCKET|CLOSED))$/.test(
    code,
  );
}

/**
 * A thrown send error as the target's failure (`timeout`, or `network` for any socket, DNS or
 * protocol error) or as the gateway's own (a bad argument to the client, an error with no code).
 */
export function upstreamFailureKind(err: unknown): 'network' | 'timeout' | 'gateway' {
  const code = (err as { code?: string }).code ?? '';
  if (/TIMEOUT/.test(code)) return 'timeout';
  if (!code || /^(UND_ERR_INVALID_ARG|UND_ERR_NOT_SUPPORTED|ERR_INVALID_|ERR_OUT_OF_RANGE)/.test(code))
    return 'gateway';
  return 'network';
}

/** Upstream statuses worth another target (LiteLLM retries the same set). */
export const isRetryableStatus = (status: number) =>
  status === 408 || status === 409 || status === 429 || status >= 500;
