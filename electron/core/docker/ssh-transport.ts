// ssh:// hosts, reached as the docker CLI reaches them: an ssh connection (ssh2, through
// docker-modem) that runs `docker system dial-stdio` on the box. The user is the one in the
// endpoint; the key is the ssh-agent's (SSH_AUTH_SOCK) or the first of id_ed25519, id_ecdsa, id_rsa
// in the ssh folder; and the box's host key must already be in that folder's known_hosts — an
// unknown or changed key is refused, never accepted silently. The ssh folder is ~/.ssh, or
// SWITCHYARD_SSH_DIR where set (the tests pin their box's generated key there).
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function sshFolder(): string {
  return process.env.SWITCHYARD_SSH_DIR || join(homedir(), '.ssh');
}

const IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** How known_hosts names a host: `host` on port 22, `[host]:port` on another. */
export const knownHostsName = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return globMatches(pattern, name);
}

/** Whether a known_hosts line's host field names `name` (a negated pattern that matches excludes it). */
function hostsFieldMatches(field: string, name: string): boolean {
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) matched = true;
  }
  return matched;
}

export interface KnownKeys {
  trusted: Buffer[];
  revoked: Buffer[];
}

/** The host keys known_hosts pins for a host (its @cert-authority lines are not used). */
export function knownKeysFor(text: string, host: string, port: number): KnownKeys {
  const name = knownHostsName(host, port);
  const keys: KnownKeys = { trusted: [], revoked: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    const [hosts, , blob] = fields;
    if (!hosts || !blob || marker === '@cert-authority' || !hostsFieldMatches(hosts, name)) continue;
    (marker === '@revoked' ? keys.revoked : keys.trusted).push(Buffer.from(blob, 'base64'));
  }
  return keys;
}

/** Why the last connection to a host refused its key, for explainSshError. */
const refusals = new Map<string, string>();

/** ssh2 connection options for docker-modem's `sshOptions`. */
export function sshOptionsFor(host: string, port: number): Record<string, unknown> {
  const folder = sshFolder();
  const knownHosts = join(folder, 'known_hosts');
  const identity = IDENTITIES.map((f) => join(folder, f)).find((f) => existsSync(f));
  const name = knownHostsName(host, port);
  return {
    agent: process.env.SSH_AUTH_SOCK || undefined,
    privateKey: identity ? readFileSync(identity) : undefined,
    readyTimeout: 5_000,
    hostVerifier: (key: Buffer) => {
      let text = '';
      try {
        text = readFileSync(knownHosts, 'utf8');
      } catch {
        refusals.set(name, `there is no ${knownHosts} to check the host key of ${name} against`);
        return false;
      }
      const known = knownKeysFor(text, host, port);
      if (known.revoked.some((k) => k.equals(key))) {
        refusals.set(name, `the host key of ${name} is marked @revoked in ${knownHosts}`);
        return false;
      }
      if (known.trusted.some((k) => k.equals(key))) {
        refusals.delete(name);
        return true;
      }
      refusals.set(
        name,
        known.trusted.length
          ? `the host key of ${name} does not match the one in ${knownHosts} (changed, or another machine answers at that address)`
          : `the host key of ${name} is not in ${knownHosts}`,
      );
      return false;
    },
  };
}

/** An ssh failure in words a person can act on, or null when it is not one. */
export function explainSshError(endpoint: string, err: { message?: string; level?: string }): string | null {
  const url = new URL(endpoint);
  const port = Number(url.port || 22);
  const message = err.message ?? '';
  if (/Host denied/i.test(message)) {
    const why = refusals.get(knownHostsName(url.hostname, port)) ?? 'its host key was refused';
    return `SSH to ${endpoint} refused: ${why}. Check the key with the box's owner, then add it: ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${url.hostname} >> ${join(sshFolder(), 'known_hosts')}.`;
  }
  if (/authentication methods failed/i.test(message))
    return `SSH to ${endpoint}: the box did not accept the key (ssh-agent via SSH_AUTH_SOCK, or ${IDENTITIES.join(', ')} in ${sshFolder()}): add its public key to ~/.ssh/authorized_keys of ${url.username || 'that user'} on the box.`;
  if (/dial-stdio|docker: not found|command not found/i.test(message))
    return `SSH to ${endpoint} works, but \`docker system dial-stdio\` failed there: install the docker CLI on the box and check that user may use the engine.`;
  if (err.level === 'client-timeout' || /Timed out while waiting for handshake/i.test(message))
    return `SSH to ${endpoint} did not complete its handshake within 5 s: check the host is up and sshd listens on port ${port}.`;
  return null;
}
