// The headless bridge: POST /api/<call> with the admin token, and one EventSource for push events.
// The token arrives once in the URL fragment (#token=…), is kept in sessionStorage, and is removed
// from the address bar so it does not end up in screenshots or history.
import type { ApiErrorBody, BridgeReply, CallName, EventName } from '../../../shared/contract';
import type { Transport } from './transport';

const TOKEN_KEY = 'switchyard.adminToken';

export function readAdminToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    const rest = window.location.hash.replace(/(^#|&)token=[^&]+/, '$1').replace(/^#&?$/, '');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest === '#' ? '' : rest));
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function httpTransport(): Transport {
  const token = typeof window === 'undefined' ? null : readAdminToken();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const ensureSource = () => {
    if (source || !token) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const { name, payload } = JSON.parse(message.data) as { name: EventName; payload: unknown };
      listeners.get(name)?.forEach((listener) => listener(payload));
    };
  };

  return {
    async call(name: CallName, input: unknown): Promise<BridgeReply<unknown>> {
      if (!token) {
        return {
          ok: false,
          error: {
            code: 'unauthorized',
            message: 'No admin token: open the URL that `switchyard serve` printed (it ends in #token=…).',
          },
        };
      }
      try {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
        const body = (await response.json()) as { result?: unknown; error?: ApiErrorBody };
        return response.ok ? { ok: true, result: body.result } : { ok: false, error: body.error! };
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: `The Switchyard server did not answer (${String(err)}). Is \`switchyard serve\` still running?`,
          },
        };
      }
    },
    subscribe(name, listener) {
      ensureSource();
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return () => listeners.get(name)?.delete(listener);
    },
  };
}
