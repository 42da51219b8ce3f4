// Which addresses a provider base URL may point at. LAN and loopback addresses stay allowed —
// homelab servers live on 192.168.x, 10.x and 172.16/12, and a blanket private-address filter is
// a known complaint about other gateways — but link-local addresses (169.254.0.0/16, fe80::/10)
// and cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200) are refused: a
// "test connection" or a routed request there could read an instance's cloud credentials. The
// `allowLinkLocalProviders` setting lets them through for the rare server that lives there.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

export type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

function ipv4Octets(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map(Number);
  return octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255) ? octets : null;
}

/** The 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const o = ipv4Octets(tail[1]);
    if (!o) return null;
    text = `${text.slice(0, -tail[1].length)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (s: string) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const a = parse(head);
  const b = rest === undefined ? [] : parse(rest);
  const groups = rest === undefined ? a : [...a, ...Array(8 - a.length - b.length).fill(0), ...b];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Why an IP address is refused as a provider address, or null when it is allowed. */
export function refusedAddressKind(address: string): 'link-local' | 'cloud metadata' | null {
  const family = isIP(address);
  if (family === 4) {
    const [a, b, c, d] = ipv4Octets(address)!;
    if (a === 169 && b === 254) return c === 169 && d === 254 ? 'cloud metadata' : 'link-local';
    if (a === 100 && b === 100 && c === 100 && d === 200) return 'cloud metadata';
    return null;
  }
  if (family === 6) {
    const g = ipv6Groups(address);
    if (!g) return null;
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms reach the IPv4 address.
    if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0) && (g[6] || g[7]))
      return refusedAddressKind(`${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`);
    if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
    if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254)
      return 'cloud metadata';
  }
  return null;
}

export type AddressCheck = { ok: true } | { ok: false; message: string };

const refusalMessage = (url: string, address: string, kind: string, via?: string): string =>
  `${via ? `${url} resolves to ${address}` : `${url} points at ${address}`}, a ${kind} address: Switchyard sends no requests there unless the setting allowLinkLocalProviders is on (settings.update {"allowLinkLocalProviders": true}). LAN and loopback addresses need no setting.`;

const refusal = (url: string, address: string, kind: string, via?: string): AddressCheck => ({
  ok: false,
  message: refusalMessage(url, address, kind, via),
});

/**
 * Checks a provider base URL before any connection: the host as written and, for a name, every
 * address it resolves to. A name that does not resolve passes (the request itself will say so).
 */
export async function checkProviderUrl(
  baseUrl: string,
  options: { allowLinkLocal: boolean; resolve?: Resolve },
): Promise<AddressCheck> {
  if (options.allowLinkLocal) return { ok: true };
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return { ok: true };
  }
  const literal = refusedAddressKind(host);
  if (literal) return refusal(baseUrl, host, literal);
  if (isIP(host)) return { ok: true };
  let addresses: LookupAddress[];
  try {
    addresses = await (options.resolve ?? systemResolve)(host);
  } catch {
    return { ok: true };
  }
  for (const { address } of addresses) {
    const kind = refusedAddressKind(address);
    if (kind) return refusal(baseUrl, address, kind, host);
  }
  return { ok: true };
}

// The gateway's side: every upstream connection goes through these, so a name that resolves to a
// link-local address later (or a config imported with one) is refused at connect time too.
let gatewayAllowsLinkLocal = false;

/** Set from the allowLinkLocalProviders setting whenever the gateway loads its table. */
export function setLinkLocalProvidersAllowed(allowed: boolean): void {
  gatewayAllowsLinkLocal = allowed;
}

export class RefusedAddressError extends Error {
  readonly code = 'ERR_LINK_LOCAL_ADDRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

/** Throws RefusedAddressError for a URL whose host is a refused address literal (no lookup runs for those). */
export function assertUpstreamUrl(url: string): void {
  if (gatewayAllowsLinkLocal) return;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return;
  }
  const kind = refusedAddressKind(host);
  if (kind) throw new RefusedAddressError(refusalMessage(url.split('?')[0], host, kind));
}

/** dns.lookup for the upstream agent: the same answers, or an error for a refused address. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : '');
    if (!gatewayAllowsLinkLocal) {
      for (const { address } of addresses) {
        const kind = refusedAddressKind(address);
        if (kind) return callback(new RefusedAddressError(refusalMessage(hostname, address, kind, hostname)), '');
      }
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    return callback(null, first.address, first.family);
  });
};
