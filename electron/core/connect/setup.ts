// What the Connect page and `switchyard connect` start from: the URL clients point at and which
// model groups and deployments will do tool calls.
import { hostname } from 'node:os';
import type { ConnectSetup } from '../../../shared/contract-connect';
import type { GatewayStatus } from '../../../shared/schemas';
import type { Store } from '../store';
import { toolReadiness } from './tool-readiness';

const WILDCARD = /^(https?:\/\/)(0\.0\.0\.0|\[::\])(?=[:/]|$)/;

/** The gateway's URL as a client on this machine reaches it: a wildcard bind becomes loopback. */
export const reachableUrl = (url: string): string =>
  url.replace(WILDCARD, (_m, scheme: string, host: string) => `${scheme}${host === '[::]' ? '[::1]' : '127.0.0.1'}`);

/** Where the core's own test requests go, or why they cannot. */
export function gatewayForTests(status: GatewayStatus): { url: string | null; problem: string | null } {
  if (status.state === 'up') return { url: reachableUrl(status.url), problem: null };
  return {
    url: null,
    problem: `The gateway is ${status.state}${status.lastExit ? ` (${status.lastExit})` : ''}: nothing can be tested until it is up. See Overview.`,
  };
}

export function connectSetup(store: Store, gateway: GatewayStatus): ConnectSetup {
  const wildcard = WILDCARD.test(gateway.url);
  return {
    gatewayUrl: reachableUrl(gateway.url),
    lanNote: wildcard
      ? `The gateway listens on every interface: from another machine use this one's address instead of 127.0.0.1 (e.g. http://${hostname()}:${new URL(reachableUrl(gateway.url)).port}).`
      : null,
    ...toolReadiness(store),
  };
}
