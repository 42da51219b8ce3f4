// The headless bridge, driven over real HTTP against `serve` with a real data dir: token auth,
// zod-derived errors naming the bad field for every call, push events, instance.json.
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames } from '../../shared/contract';
import { serve, type RunningServer } from '../../electron/core/serve';
import { bundleEntry } from '../support/bundle';
import { freePort, waitFor } from '../support/net';
import { accessBadInputs } from './bad-inputs/access';
import { dashboardBadInputs } from './bad-inputs/dashboards';
import { exportBadInputs } from './bad-inputs/export';
import { workbenchBadInputs } from './bad-inputs/workbench';
import { routingBadInputs } from './bad-inputs/routing';

let server: RunningServer;
let base: string;
let token: string;
let dataDir: string;
const lines: string[] = [];

beforeAll(async () => {
  const gatewayEntry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bridge-'));
  server = await serve({
    dataDir,
    port: await freePort(),
    uiPort: 0,
    bundleDir: dirname(gatewayEntry),
    log: (l) => lines.push(l),
  });
  base = server.admin.url;
  token = new URL(server.uiUrl).hash.replace('#token=', '');
});
afterAll(() => server?.close());

const post = async (name: string, body: unknown, auth = token) => {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      result?: any;
      error?: { code: string; message: string; fields?: { path: string; message: string }[] };
    },
  };
};

describe('serve', () => {
  it('prints the gateway and UI URLs and the generated master key once', () => {
    expect(lines.find((l) => l.startsWith('gateway listening on http://127.0.0.1:'))).toBeTruthy();
    expect(lines.find((l) => /^ui listening on http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/.test(l))).toBeTruthy();
    expect(lines.filter((l) => l.startsWith('master key')).length).toBe(1);
  });

  it('writes instance.json readable by its owner only', () => {
    const path = join(dataDir, 'instance.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, adminToken: token, adminUrl: base });
  });
});

describe('admin API over HTTP', () => {
  it('refuses calls without the token or with a wrong one (401)', async () => {
    expect((await post('system.status', {}, '')).status).toBe(401);
    const wrong = await post('system.status', {}, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toMatch(/admin token/);
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });

  it('refuses requests whose Host header is not loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${base}/api/system.status`,
        { method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${token}` } },
        (res) => resolve(res.statusCode!),
      );
      req.end('{}');
    });
    expect(status).toBe(401);
  });

  it('answers system.status with real state', async () => {
    const { status, body } = await post('system.status', {});
    expect(status).toBe(200);
    expect(body.result.dataDir).toBe(dataDir);
    expect(body.result.gateway.state).toBe('up');
    expect(body.result.counts.hosts).toBe(1);
    expect(typeof body.result.docker.reachable).toBe('boolean');
    if (!body.result.docker.reachable) expect(body.result.docker.problem).toMatch(/\w+/);
  });

  it('names an unknown call', async () => {
    const { status, body } = await post('nope.nothing', {});
    expect(status).toBe(404);
    expect(body.error?.message).toContain('nope.nothing');
  });

  it('refuses malformed JSON with a 400 that says so', async () => {
    const { status, body } = await post('settings.update', '{"gatewayPort": 40');
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/not valid JSON/);
  });

  // One bad input per call, and the field the message must name. Every call is covered.
  const badInputs: Record<string, { input: unknown; field: string }> = {
    ...routingBadInputs,
    ...accessBadInputs,
    ...dashboardBadInputs,
    ...exportBadInputs,
    ...workbenchBadInputs,
    'system.status': { input: { verbose: true }, field: 'verbose' },
    'system.checkDocker': { input: { host: 1 }, field: 'host' },
    'settings.get': { input: { key: 'x' }, field: 'key' },
    'settings.update': { input: { gatewayPort: 'four thousand' }, field: 'gatewayPort' },
    'settings.rotateMasterKey': { input: { length: 3 }, field: 'length' },
    'hosts.list': { input: { all: 1 }, field: 'all' },
    'hosts.add': { input: { name: 'gpu', endpoint: 'http://gpu:2375' }, field: 'endpoint' },
    'hosts.remove': { input: {}, field: 'id' },
    'deployments.list': { input: { state: 'ready' }, field: 'state' },
    'modelGroups.list': { input: { name: 1 }, field: 'name' },
    'keys.list': { input: { page: 2 }, field: 'page' },
    'keys.create': { input: { rpmLimit: 'lots' }, field: 'rpmLimit' },
    'keys.revoke': { input: { id: 42 }, field: 'id' },
    'keys.setBlocked': { input: { id: 'k', blocked: 'yes' }, field: 'blocked' },
    'requests.recent': { input: { limit: 0 }, field: 'limit' },
    'config.importLitellm': { input: { path: '/a.yaml', yaml: 'model_list: []' }, field: 'path' },
    'config.exportLitellm': { input: { includeSecrets: 'yes' }, field: 'includeSecrets' },
    'fit.estimate': { input: { gpuMemGib: -1 }, field: 'gpuMemGib' },
    'catalog.models': { input: { query: 3 }, field: 'query' },
    'deployments.plan': { input: { spec: { name: 'Bad Name', model: 'm' } }, field: 'spec.name' },
    'deployments.create': { input: { spec: { name: 'ok', model: '' } }, field: 'spec.model' },
    'deployments.start': { input: {}, field: 'name' },
    'deployments.stop': { input: { name: '' }, field: 'name' },
    'deployments.remove': { input: { name: 1 }, field: 'name' },
    'deployments.logs': { input: { name: 'x', tail: 0 }, field: 'tail' },
    'deployments.progress': { input: {}, field: 'name' },
    'deployments.reconcile': { input: { all: true }, field: 'all' },
    'deployments.adopt': { input: { name: '' }, field: 'name' },
    'hosts.gpus': { input: { hostId: 'local', refresh: 'yes' }, field: 'refresh' },
    'settings.setHuggingFaceToken': { input: { token: 'not-a-token' }, field: 'token' },
    'settings.huggingFaceTokenStatus': { input: { reveal: true }, field: 'reveal' },
    'catalog.searchHub': { input: { query: 'q' }, field: 'query' },
    'hosts.setVramBudget': { input: { id: 'local', vramBudgetGib: -5 }, field: 'vramBudgetGib' },
    'hosts.check': { input: { id: 7 }, field: 'id' },
    'telemetry.recent': { input: { target: 'a', minutes: 0 }, field: 'minutes' },
    'logs.trace': { input: { seq: 0 }, field: 'seq' },
    'capture.get': { input: { enabled: true }, field: 'enabled' },
    'capture.update': { input: { maxBytes: 10 }, field: 'maxBytes' },
    'capture.setKey': { input: { keyId: 'k', capture: 'yes' }, field: 'capture' },
  };

  it('covers every call of the contract', () => {
    expect(Object.keys(badInputs).sort()).toEqual([...callNames].sort());
  });

  for (const [name, { input, field }] of Object.entries(badInputs)) {
    it(`${name}: bad input gets a 400 naming "${field}"`, async () => {
      const { status, body } = await post(name, input);
      expect(status).toBe(400);
      expect(body.error?.code).toBe('invalid_input');
      expect(body.error?.message).toContain(name);
      expect(body.error?.message).toContain(field);
    });
  }

  it('creates a key, shows it once, lists only its prefix, revokes it', async () => {
    const created = await post('keys.create', {
      alias: 'team-a',
      models: ['chat'],
      maxBudgetUsd: 10,
      budgetDuration: '30d',
    });
    expect(created.status).toBe(200);
    const key: string = created.body.result.key;
    expect(key).toMatch(/^sk-/);
    const list = await post('keys.list', {});
    expect(JSON.stringify(list.body.result)).not.toContain(key);
    expect(list.body.result[0].prefix).toBe(`${key.slice(0, 6)}…${key.slice(-4)}`);
    const revoked = await post('keys.revoke', { id: created.body.result.info.id });
    expect(revoked.body.result.revokedAt).toBeTruthy();
    expect((await post('keys.revoke', { id: 'missing' })).status).toBe(404);
  });

  it('checks a remote host and says why it does not answer', async () => {
    const added = await post('hosts.add', { name: 'nowhere', endpoint: 'tcp://127.0.0.1:1' });
    const checked = await post('hosts.check', { id: added.body.result.id });
    expect(checked.status).toBe(200);
    expect(checked.body.result).toMatchObject({ reachable: false, endpoint: 'tcp://127.0.0.1:1' });
    expect(checked.body.result.problem).toMatch(/refused the connection.*not running/);
    expect((await post('hosts.remove', { id: added.body.result.id })).status).toBe(200);
  });

  it('adds a tcp:// host with a TLS certificate folder, and refuses a folder without the files', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const certs = mkdtempSync(join(tmpdir(), 'sy-certs-'));
    const missing = await post('hosts.add', { name: 'tls-box', endpoint: 'tcp://127.0.0.1:2376', tlsCertDir: certs });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.fields?.[0].path).toBe('tlsCertDir');
    expect(missing.body.error?.message).toMatch(/ca\.pem.*DOCKER_CERT_PATH/);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      writeFileSync(join(certs, f), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const added = await post('hosts.add', { name: 'tls-box', endpoint: 'tcp://127.0.0.1:1', tlsCertDir: certs });
    expect(added.body.result).toMatchObject({ name: 'tls-box', tlsCertDir: certs });
    const checked = await post('hosts.check', { id: added.body.result.id });
    expect(checked.body.result.reachable).toBe(false);
    expect(checked.body.result.problem).toMatch(/\w+/);
    const sshTls = await post('hosts.add', { name: 'ssh-box', endpoint: 'ssh://me@box', tlsCertDir: certs });
    expect(sshTls.status).toBe(400);
    await post('hosts.remove', { id: added.body.result.id });
  });

  it('refuses to add a host twice or remove the local one', async () => {
    expect((await post('hosts.add', { name: 'gpu-box', endpoint: 'ssh://me@gpu-box' })).status).toBe(200);
    const again = await post('hosts.add', { name: 'gpu-box', endpoint: 'ssh://me@gpu-box' });
    expect(again.status).toBe(409);
    expect(again.body.error?.fields?.[0].path).toBe('name');
    expect((await post('hosts.remove', { id: 'local' })).status).toBe(409);
  });

  it('pushes settings.changed to the event stream; a port pinned by a flag needs a restart', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events?token=${token}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const newPort = await freePort();
    const update = await post('settings.update', { retentionDays: 9, gatewayPort: newPort });
    expect(update.body.result).toMatchObject({ settings: { retentionDays: 9, gatewayPort: newPort } });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('settings.changed')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/data: \{"name":"settings.changed","payload":\{[^\n]*"retentionDays":9/);
    // --port was given on the command line, so it wins until the next start: a restart is required.
    expect(update.body.result.restartRequired).toBe(true);
  });

  it('imports a LiteLLM config whole, refuses a bad one naming the field and line, and exports', async () => {
    const good = [
      'model_list:',
      '  - model_name: chat',
      '    litellm_params:',
      '      model: hosted_vllm/Qwen/Qwen3-0.6B',
      '      api_base: http://127.0.0.1:9/v1',
      'router_settings:',
      '  num_retries: 1',
    ].join('\n');
    const imported = await post('config.importLitellm', { yaml: good });
    expect(imported.status).toBe(200);
    expect(imported.body.result).toMatchObject({ groups: 1, endpoints: 1, routingReplaced: true });
    const bad = good.replace('api_base: http://127.0.0.1:9/v1', 'api_base: 42');
    const refused = await post('config.importLitellm', { yaml: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/nothing changed/);
    expect(refused.body.error?.fields?.[0].path).toBe('model_list[0].litellm_params.api_base');
    expect(refused.body.error?.fields?.[0].message).toMatch(/^line 5: /);
    expect((await post('modelGroups.list', {})).body.result.map((g: { name: string }) => g.name)).toEqual(['chat']);
    const exported = await post('config.exportLitellm', {});
    expect(exported.body.result.yaml).toMatch(/model_name: chat/);
    const missing = await post('config.importLitellm', { path: '/no/such/config.yaml' });
    expect(missing.body.error?.message).toMatch(/Cannot read \/no\/such\/config.yaml: ENOENT/);
  });

  it('stores the Hugging Face token encrypted and reports only whether it is set', async () => {
    const token = 'hf_' + 'AbCdEfGhIjKlMnOpQrStUvWx12';
    expect((await post('settings.setHuggingFaceToken', { token })).body.result).toEqual({ configured: true });
    expect((await post('settings.huggingFaceTokenStatus', {})).body.result).toEqual({ configured: true });
    server.core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dataDir, 'switchyard.db')).toString('latin1')).not.toContain(token);
    expect((await post('settings.setHuggingFaceToken', { token: null })).body.result).toEqual({ configured: false });
  });

  it('searching the Hugging Face Hub offline says so and points at the catalog', async () => {
    const { status, body } = await post('catalog.searchHub', { query: 'qwen' });
    if (status === 200) return expect(Array.isArray(body.result)).toBe(true); // a machine with internet
    expect(status).toBe(503);
    expect(body.error?.message).toMatch(/Hugging Face Hub cannot be reached.*built-in catalog/);
  });

  it('rotates the master key: the gateway takes the new one and refuses the old', async () => {
    const gatewayUrl = server.core.gateway.current().url;
    const oldKey = lines.find((l) => l.startsWith('master key'))!.split(': ')[1];
    const models = (key: string) =>
      fetch(`${gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await models(oldKey)).toBe(200);
    const { body } = await post('settings.rotateMasterKey', {});
    expect(body.result.masterKey).toMatch(/^sk-/);
    await waitFor('the gateway to take the new master key', async () => (await models(body.result.masterKey)) === 200);
    expect(await models(oldKey)).toBe(401);
    const settings = await post('settings.get', {});
    expect(JSON.stringify(settings.body.result)).not.toContain(body.result.masterKey);
  });
});
