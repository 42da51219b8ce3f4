// The upstream and the paths to it the bench compares: the simulator itself, nginx as a plain
// reverse proxy, Portkey's gateway and Switchyard. Each runs as its own process on loopback.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Store } from '../../electron/core/store';
import { freePort, waitUntil, type Child, type ChildRegistry } from './children';

/** One way to reach the simulator's /v1/chat/completions. */
export interface BenchPath {
  name: string;
  url: string;
  headers: Record<string, string>;
  child: Child;
}

export const SIM_MODEL = 'bench';
export const NGINX_BIN = '/usr/sbin/nginx';
export const PORTKEY_ENTRY = 'node_modules/@portkey-ai/gateway/build/start-server.js';

const CLI = 'out/cli/switchyard.cjs';

/** `switchyard serve` on loopback with its own data dir, ports and master key (the arguments after node's). */
export const serveArgs = (o: { cli?: string; dataDir: string; port: number; uiPort: number; masterKey: string }) => [
  o.cli ?? CLI,
  'serve',
  '--data-dir',
  o.dataDir,
  '--host',
  '127.0.0.1',
  '--port',
  String(o.port),
  '--ui-port',
  String(o.uiPort),
  '--master-key',
  o.masterKey,
];
const JSON_HEADERS = { 'content-type': 'application/json' };

const answers = async (url: string, init?: RequestInit) => (await fetch(url, init)).ok;

/** A probe request: the path is up when a chat completion comes back. */
const chatProbe = (path: Omit<BenchPath, 'child'>) => () =>
  answers(path.url, {
    method: 'POST',
    headers: path.headers,
    body: JSON.stringify({ model: SIM_MODEL, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }),
  });

export const EMBED_MODEL = 'bench-embed';

/**
 * One simulator in instant mode. `embeddings`: a pooling model (for the realistic mix's
 * /v1/embeddings share), probed with an embedding instead of a chat completion. `pace`: a model's
 * pace instead (time to first token, time per token; a full batch does not slow a step), named
 * `simulator-paced`.
 */
export async function startSimulator(
  reg: ChildRegistry,
  o: { embeddings?: boolean; pace?: { ttftMs: number; itlMs: number } } = {},
): Promise<BenchPath & { port: number }> {
  const port = await freePort();
  const model = o.embeddings ? EMBED_MODEL : SIM_MODEL;
  // Instant mode: no time to first token, no time between tokens, no start-up delay, no stats lines.
  const name = o.embeddings ? 'simulator-embed' : o.pace ? 'simulator-paced' : 'simulator';
  const pace = o.pace
    ? ['--ttft-ms', String(o.pace.ttftMs), '--itl-ms', String(o.pace.itlMs), '--itl-batch-factor', '0']
    : ['--ttft-ms', '0', '--itl-ms', '0'];
  const child = reg.start(name, process.execPath, [
    CLI,
    'sim',
    model,
    ...(o.embeddings ? ['--runner', 'pooling'] : []),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    ...pace,
    '--startup-s',
    '0',
    '--stats-interval-s',
    '0',
    '--max-num-seqs',
    '1024',
    '--output-len-mean',
    '512',
    '--disable-uvicorn-access-log',
  ]);
  if (o.embeddings) {
    const path = { name: 'direct-embed', url: `http://127.0.0.1:${port}/v1/embeddings`, headers: JSON_HEADERS };
    await waitUntil('the embedding simulator answers', child, () =>
      answers(path.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ model, input: 'ping' }) }),
    );
    return { ...path, child, port };
  }
  const path = { name: 'direct', url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: JSON_HEADERS };
  await waitUntil('the simulator answers', child, chatProbe(path));
  return { ...path, child, port };
}

export function nginxVersion(): string | null {
  if (!existsSync(NGINX_BIN)) return null;
  // nginx prints its version on stderr.
  const { stdout, stderr } = spawnSync(NGINX_BIN, ['-v'], { encoding: 'utf8' });
  return `${stdout}${stderr}`.trim().replace(/^nginx version: /, '') || 'nginx (version unknown)';
}

export function renderNginxConfig(o: { prefix: string; port: number; upstreamPort: number; workers: number }): string {
  const t = (name: string) => join(o.prefix, name);
  return `# Written by bench/gateway: nginx as a plain reverse proxy in front of the simulator.
daemon off;
worker_processes ${o.workers};
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${t('client_body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  keepalive_requests 1000000;
  upstream simulator {
    server 127.0.0.1:${o.upstreamPort};
    keepalive 256;
    keepalive_requests 1000000;
    # Below the simulator's own 5 s idle timeout, so nginx never reuses a connection it is closing.
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${o.port};
    location / {
      proxy_pass http://simulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
}

export async function startNginx(
  reg: ChildRegistry,
  tmp: string,
  upstreamPort: number,
  workers: number,
  name = 'nginx',
): Promise<BenchPath> {
  const prefix = join(tmp, name);
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConfig({ prefix, port, upstreamPort, workers }));
  const child = reg.start(name, NGINX_BIN, ['-p', prefix, '-c', conf]);
  const path = { name, url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: JSON_HEADERS };
  await waitUntil('nginx proxies a request', child, chatProbe(path));
  return { ...path, child };
}

export function portkeyVersion(): string | null {
  if (!existsSync(PORTKEY_ENTRY)) return null;
  try {
    return (JSON.parse(readFileSync('node_modules/@portkey-ai/gateway/package.json', 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

export async function startPortkey(reg: ChildRegistry, upstreamPort: number, name = 'portkey'): Promise<BenchPath> {
  const port = await freePort();
  // Portkey's start-server has no host flag: it listens on every interface. The bench reaches it
  // on loopback only.
  const child = reg.start(name, process.execPath, [PORTKEY_ENTRY, `--port=${port}`, '--headless']);
  const path = {
    name,
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    headers: {
      ...JSON_HEADERS,
      authorization: 'Bearer sk-bench-unused',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${upstreamPort}/v1`,
    },
  };
  await waitUntil("Portkey's gateway proxies a request", child, chatProbe(path));
  return { ...path, child };
}

/** The calibration peer: a bare node:http + undici proxy (bench/gateway/node-proxy.mjs). */
export async function startNodeProxy(
  reg: ChildRegistry,
  root: string,
  upstreamPort: number,
  name = 'node-proxy',
): Promise<BenchPath> {
  const port = await freePort();
  const child = reg.start(name, process.execPath, [
    join(root, 'bench', 'gateway', 'node-proxy.mjs'),
    String(port),
    String(upstreamPort),
  ]);
  const path = { name, url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: JSON_HEADERS };
  await waitUntil('the bare Node proxy proxies a request', child, chatProbe(path));
  return { ...path, child };
}

export interface SwitchyardPath extends BenchPath {
  dataDir: string;
  adminUrl: string;
  adminToken: string;
}

/**
 * `switchyard serve` on a fresh data dir whose routing (model group `bench` → the simulator) is
 * written through the store before it starts. `extraEnv` reaches the gateway child, which serve
 * forks with its own environment.
 */
/**
 * An older build of the command (BENCH_BASE_CLI, the path of its switchyard.cjs, e.g. a copy of
 * out/cli kept as out/cli-base): the stream sections and the mix then run it as `switchyard-base` beside the
 * current build, a relay change's before and after in the same rounds.
 */
export const BASE_CLI = process.env.BENCH_BASE_CLI ? resolve(process.env.BENCH_BASE_CLI) : null;

/** A fresh master key for one bench run's Switchyard. */
export const benchMasterKey = () => `sk-bench-${randomBytes(12).toString('hex')}`;

export async function startSwitchyard(
  reg: ChildRegistry,
  o: {
    name: string;
    tmp: string;
    upstreamPort: number;
    masterKey: string;
    extraEnv?: Record<string, string>;
    /** A second group, `bench-embed`, routed to this embedding simulator. */
    embedPort?: number;
    /** Give the endpoints token prices, so every answer is priced and charged to its key's budget. */
    priced?: boolean;
    /** Node flags for serve; the gateway child it forks inherits them (fork keeps execArgv). */
    nodeArgs?: string[];
    /** Another build of the command (an older out/cli kept for an A/B run); the default is out/cli's. */
    cli?: string;
  },
): Promise<SwitchyardPath> {
  const dataDir = join(o.tmp, o.name);
  mkdirSync(dataDir, { recursive: true });
  const store = Store.open(dataDir);
  try {
    const upstreams = [{ model: SIM_MODEL, port: o.upstreamPort }];
    if (o.embedPort !== undefined) upstreams.push({ model: EMBED_MODEL, port: o.embedPort });
    for (const u of upstreams)
      store.endpoints.upsert({
        name: u.model,
        provider: 'hosted_vllm',
        baseUrl: `http://127.0.0.1:${u.port}/v1`,
        model: u.model,
        apiKeyCipher: null,
        maxModelLen: null,
        inputCostPerToken: o.priced ? 1e-7 : null,
        outputCostPerToken: o.priced ? 4e-7 : null,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
      });
    store.modelGroups.replaceAll(
      upstreams.map((u) => ({
        name: u.model,
        strategy: 'simple-shuffle' as const,
        targets: [{ kind: 'endpoint' as const, ref: u.model, weight: 1, order: 0 }],
        fallbacks: [],
        contextWindowFallbacks: [],
      })),
    );
  } finally {
    store.close();
  }
  const [port, uiPort] = [await freePort(), await freePort()];
  const child = reg.start(
    o.name,
    process.execPath,
    [...(o.nodeArgs ?? []), ...serveArgs({ cli: o.cli, dataDir, port, uiPort, masterKey: o.masterKey })],
    { ...process.env, ...o.extraEnv },
  );
  let admin: { adminUrl: string; adminToken: string } | null = null;
  await waitUntil('serve writes instance.json', child, async () => {
    const info = JSON.parse(readFileSync(join(dataDir, 'instance.json'), 'utf8')) as {
      adminUrl: string;
      adminToken: string;
    };
    admin = { adminUrl: info.adminUrl, adminToken: info.adminToken };
    return true;
  });
  const path = {
    name: o.name,
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    headers: { ...JSON_HEADERS, authorization: `Bearer ${o.masterKey}` },
  };
  await waitUntil('the Switchyard gateway routes a request', child, chatProbe(path));
  return { ...path, child, dataDir, ...admin! };
}

export interface GatewayStatus {
  pid: number | null;
  state: string;
  requestsLogged: number;
}

/** The gateway child's pid and the request-log row count, from the admin API (system.status). */
export async function switchyardStatus(p: SwitchyardPath): Promise<GatewayStatus> {
  const response = await fetch(`${p.adminUrl}/api/system.status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok)
    throw new Error(`system.status answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const { result } = (await response.json()) as {
    result: { gateway: { pid: number | null; state: string }; counts: { requests: number } };
  };
  return { pid: result.gateway.pid, state: result.gateway.state, requestsLogged: result.counts.requests };
}

/** The gateway's URL root (http://127.0.0.1:PORT), from a path's chat completions URL. */
export const originOf = (p: BenchPath) => new URL(p.url).origin;

/** Resident and peak resident memory of a process, MB (from /proc/<pid>/status). */
export function memoryMb(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
