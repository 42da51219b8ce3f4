// Turns a host endpoint (unix://, npipe://, tcp://, ssh://) into a dockerode client.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { sshAgentFor, sshFolder } from './ssh-transport';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

export function dockerFor(endpoint: string, tls?: TlsFiles): Docker {
  const url = new URL(endpoint);
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: url.pathname });
    case 'npipe:':
      return new Docker({ socketPath: endpoint.slice('npipe://'.length).replace(/\//g, '\\') });
    case 'tcp:': {
      const secure = Boolean(tls?.cert) || url.port === '2376';
      return new Docker({
        host: url.hostname,
        port: Number(url.port || (secure ? 2376 : 2375)),
        protocol: secure ? 'https' : 'http',
        ca: tls?.ca,
        cert: tls?.cert,
        key: tls?.key,
      });
    }
    case 'ssh:': {
      const port = Number(url.port || 22);
      const agent = sshAgentFor(url.hostname, port, decodeURIComponent(url.username) || userInfo().username);
      return new Docker({ protocol: 'http', host: url.hostname, port, agent } as Docker.DockerOptions);
    }
    default:
      throw new Error(`Unsupported Docker endpoint ${endpoint}: use unix://, npipe://, tcp:// or ssh://`);
  }
}

/** The TLS files in a DOCKER_CERT_PATH-style folder (ca.pem, cert.pem, key.pem). */
export function tlsFilesIn(dir: string): TlsFiles {
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (err) {
      throw new Error(
        `Cannot read ${join(dir, file)} (${(err as NodeJS.ErrnoException).code}): the TLS folder needs ca.pem, cert.pem and key.pem, as docker's DOCKER_CERT_PATH.`,
      );
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/** A dockerode client for a host, with its TLS files when it has a certificate folder. */
export function dockerForHost(host: { endpoint: string; tlsCertDir: string | null }): Docker {
  return dockerFor(host.endpoint, host.tlsCertDir ? tlsFilesIn(host.tlsCertDir) : undefined);
}

/**
 * What a host's client depends on: its endpoint, its TLS folder and, for ssh://, the ssh folder
 * (key and known_hosts) of the moment; a client cached under another key is stale.
 */
export function connectionKey(host: { id: string; endpoint: string; tlsCertDir: string | null }): string {
  const ssh = host.endpoint.startsWith('ssh:') ? sshFolder() : '';
  return [host.id, host.endpoint, host.tlsCertDir ?? '', ssh].join('\0');
}
