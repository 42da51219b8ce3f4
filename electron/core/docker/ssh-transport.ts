// ssh:// hosts, reached as the docker CLI reaches them: an ssh connection (ssh2) that runs
// `docker system dial-stdio` on the box for each HTTP connection to its engine. The user is the one in the
// endpoint; the key is the ssh-agent's (SSH_AUTH_SOCK) or the first of id_ed25519, id_ecdsa, id_rsa
// in the ssh folder; and the box's host key must already be in that folder's known_hosts — an
// unknown or changed key is refused, never accepted silently. The ssh folder is ~/.ssh, or
// SWITCHYARD_SSH_DIR where set (the tests pin their box's generated key there).
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ssh2';

export function sshFolder(): string {
  return process.env.SWITCHYARD_SSH_DIR || join(homedir(), '.ssh');
}

const TCP_CONNECT_TIMEOUT_MS = 3_000;
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
    // The handshake took 5 s on a loaded 2-core machine.
    readyTimeout: 15_000,
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
    return `SSH to ${endpoint} did not complete its handshake within 15 s: check the host is up and sshd listens on port ${port}.`;
  return null;
}

/**
 * An http.Agent whose connections are `docker system dial-stdio` channels of one ssh connection per
 * host, kept open (and found dead by ssh keepalives within about 3 s): docker-modem's own ssh
 * transport makes a new ssh connection for every request, which took 5–6 s each here.
 */
export function sshAgent(config: Record<string, unknown>): http.Agent {
  let ready: Promise<Client> | null = null;
  const connect = (): Promise<Client> => {
    ready ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      const forget = () => {
        if (ready === pending) ready = null;
      };
      client
        .once('ready', () => resolve(client))
        .on('error', (err) => {
          forget();
          reject(err);
        })
        .once('close', forget);
      // The TCP connection gets a short timeout of its own: a box whose link is down is retried
      // by the next request, not by SYN retransmissions seconds apart once it is back.
      const sock = net.connect({ host: config.host as string, port: config.port as number });
      const timer = setTimeout(
        () => sock.destroy(new Error(`no TCP connection to ${config.host}:${config.port} within 3 s`)),
        TCP_CONNECT_TIMEOUT_MS,
      );
      sock.once('connect', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
      client.connect({ keepaliveInterval: 1_000, keepaliveCountMax: 2, ...config, sock });
    });
    const pending = ready;
    return ready;
  };
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 4 });
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    done: (err: Error | null, socket?: unknown) => void,
  ) => {
    connect().then(
      (client) =>
        client.exec('docker system dial-stdio', (err, stream) => {
          if (err) return done(err);
          // What http.Agent asks of a socket that a channel lacks.
          const socket = stream as unknown as Record<string, unknown>;
          for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) socket[m] ??= () => socket;
          done(null, socket);
        }),
      (err: Error) => done(err),
    );
    return undefined;
  };
  return agent;
}

const agents = new Map<string, http.Agent>();

/**
 * The agent for user@host:port with the current ssh folder's key and known_hosts: one ssh
 * connection shared by every client of that host (hosts.check, the deployment service, probes).
 */
export function sshAgentFor(host: string, port: number, username: string): http.Agent {
  const key = `${username}@${knownHostsName(host, port)} ${sshFolder()}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = sshAgent({ host, port, username, ...sshOptionsFor(host, port) });
    agents.set(key, agent);
  }
  return agent;
}
