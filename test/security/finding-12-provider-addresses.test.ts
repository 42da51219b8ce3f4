// Finding 12: "test connection" and provider base URLs reached any address, and the reason shown
// echoed what answered. LAN and loopback stay allowed (homelabs live there); link-local and cloud
// metadata addresses are refused before any connection unless allowLinkLocalProviders is on; a
// failed test shows the status line only. No non-loopback address is ever contacted here: the
// refusals are asserted to happen before a request (latency 0, no resolver call where literal),
// and everything that does connect talks to loopback servers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertUpstreamUrl,
  checkProviderUrl,
  guardedLookup,
  refusedAddressKind,
  setLinkLocalProvidersAllowed,
} from '../../electron/core/providers/address-policy';
import { simEndpoint, simGroup, startGatewayFixture, startSims } from '../support/gateway-fixture';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

let serve: ServeProcess;
let adminToken: string;
let leaky: Server;
let leakyUrl: string;
const SECRET = 'AKIAIOSFODNN7EXAMPLE-aws-secret-in-the-body';

beforeAll(async () => {
  // A loopback server that answers like an internal service would: errors with secrets in the body.
  leaky = createServer((req, res) => {
    if (req.url?.startsWith('/endless/')) {
      // 200 and a body without end: the test must stop reading, not fill the core's memory.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    const status = req.url?.startsWith('/auth/') ? 401 : 500;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: SECRET }, credentials: SECRET }));
  });
  await new Promise<void>((r) => leaky.listen(0, '127.0.0.1', () => r()));
  leakyUrl = `http://127.0.0.1:${(leaky.address() as AddressInfo).port}`;
  serve = await startServeProcess();
  adminToken = new URL(serve.uiUrl).hash.replace('#token=', '');
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  leaky?.close();
});

const api = async (name: string, body: unknown) => {
  const res = await fetch(`${serve.adminUrl}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      result?: any;
      error?: { code: string; message: string; fields?: { path: string }[] };
    },
  };
};

const REFUSED = [
  '169.254.169.254',
  '169.254.0.1',
  '100.100.100.200',
  'fe80::1',
  'FE80::abcd:1%eth0',
  'febf:ffff::1',
  'fd00:ec2::254',
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
];
const ALLOWED = [
  '127.0.0.1',
  '::1',
  '10.0.0.5',
  '192.168.1.10',
  '172.16.0.1',
  '172.31.255.255',
  'fd00::1',
  'fd00:ec2::253',
  'fec0::1',
  '::ffff:192.168.1.10',
  '8.8.8.8',
];

describe('finding 12: which provider addresses are refused', () => {
  it('link-local and metadata addresses are refused; LAN, loopback and public ones are not', () => {
    for (const a of REFUSED) expect(refusedAddressKind(a), a).not.toBeNull();
    for (const a of ALLOWED) expect(refusedAddressKind(a), a).toBeNull();
    expect(refusedAddressKind('169.254.169.254')).toBe('cloud metadata');
    expect(refusedAddressKind('fe80::1')).toBe('link-local');
  });

  it('URLs: literal forms (decimal, bracketed IPv6) without a lookup; names by every address they resolve to', async () => {
    const lookups: string[] = [];
    const resolve = async (host: string) => {
      lookups.push(host);
      return host === 'metadata.internal.example'
        ? [
            { address: '10.0.0.7', family: 4 },
            { address: '169.254.169.254', family: 4 },
          ]
        : [{ address: '192.168.1.20', family: 4 }];
    };
    for (const url of ['http://2852039166/latest', 'http://[fe80::1]:8000/v1', 'http://169.254.10.10:8000/v1']) {
      expect((await checkProviderUrl(url, { allowLinkLocal: false, resolve })).ok, url).toBe(false);
    }
    expect(lookups).toEqual([]);
    const named = await checkProviderUrl('http://metadata.internal.example/v1', { allowLinkLocal: false, resolve });
    expect(named).toMatchObject({
      ok: false,
      message: expect.stringMatching(/resolves to 169\.254\.169\.254, a cloud metadata address/),
    });
    expect((await checkProviderUrl('http://gpu-box.lan:8000/v1', { allowLinkLocal: false, resolve })).ok).toBe(true);
    expect((await checkProviderUrl('http://localhost:8000/v1', { allowLinkLocal: false })).ok).toBe(true);
    expect((await checkProviderUrl('http://169.254.169.254/', { allowLinkLocal: true, resolve })).ok).toBe(true);
  });
});

describe('finding 12: the admin API refuses them before any connection', () => {
  it('providers.test answers a failed test at once, naming the setting', async () => {
    for (const baseUrl of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/v1']) {
      const started = performance.now();
      const res = await api('providers.test', { baseUrl });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({ ok: false, models: [], latencyMs: 0 });
      expect(res.body.result.reason).toMatch(/metadata address: .*allowLinkLocalProviders/);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('providers.add and providers.update answer 400 invalid_input on baseUrl; loopback is fine', async () => {
    const add = (name: string, baseUrl: string) =>
      api('providers.add', { name, kind: 'openai-compatible', baseUrl, model: 'm' });
    const refused = await add('meta', 'http://169.254.169.254/v1');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', fields: [{ path: 'baseUrl' }] });
    expect((await add('ll6', 'http://[fe80::1]:8000/v1')).status).toBe(400);
    expect((await add('homelab', `${leakyUrl}/v1`)).status).toBe(200);
    const moved = await api('providers.update', { name: 'homelab', baseUrl: 'http://169.254.1.1:8000/v1' });
    expect(moved.status).toBe(400);
    expect(
      (await api('providers.list', {})).body.result.find((p: { name: string }) => p.name === 'homelab').baseUrl,
    ).toBe(`${leakyUrl}/v1`);
  });

  it('allowLinkLocalProviders lets them be saved (saving connects to nothing)', async () => {
    expect((await api('settings.get', {})).body.result.allowLinkLocalProviders).toBe(false);
    expect((await api('settings.update', { allowLinkLocalProviders: true })).status).toBe(200);
    const added = await api('providers.add', {
      name: 'link-local-box',
      kind: 'openai-compatible',
      baseUrl: 'http://169.254.7.7:8000/v1',
      model: 'm',
    });
    expect(added.status).toBe(200);
    expect((await api('settings.update', { allowLinkLocalProviders: false })).status).toBe(200);
    expect((await api('providers.test', { name: 'link-local-box' })).body.result).toMatchObject({
      ok: false,
      latencyMs: 0,
    });
  });
});

describe('finding 12: a failed test shows the status line, never the body', () => {
  it('500 and 401 answers with secrets in the body', async () => {
    const failed = (await api('providers.test', { baseUrl: `${leakyUrl}/v1` })).body.result;
    expect(failed.ok).toBe(false);
    expect(failed.reason).toBe('The server answered HTTP 500 Internal Server Error.');
    const unauthorized = (await api('providers.test', { baseUrl: `${leakyUrl}/auth/v1`, apiKey: 'sk-x' })).body.result;
    expect(unauthorized.reason).toMatch(/^The server refused the API key \(HTTP 401 Unauthorized\)\. Check the key/);
    expect(JSON.stringify([failed, unauthorized])).not.toContain('AKIA');
  });

  it('a 200 answer without end is read to 4 MiB and no further', async () => {
    const started = performance.now();
    const endless = (await api('providers.test', { baseUrl: `${leakyUrl}/endless/v1` })).body.result;
    expect(endless).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/larger than 4 MiB, too large for a model list/),
    });
    expect(performance.now() - started).toBeLessThan(8_000);
  });
});

describe('finding 12: the gateway refuses routed targets at such addresses before connecting', () => {
  it('a target at a metadata or link-local address fails at once; a loopback target serves', async () => {
    const sims = await startSims({ fast: { model: 'fast', ttftMs: 1, itlMs: 1 } });
    const f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'fast');
      fx.endpoint('meta', 'http://169.254.169.254/v1');
      fx.endpoint('ll6', 'http://[fe80::1]:8000/v1');
      return {
        groups: [
          simGroup('meta', [{ sim: 'meta' }, { sim: 'll6' }], { strategy: 'simple-shuffle' }),
          simGroup('chat', [{ sim: 'fast' }]),
        ],
      };
    }, sims);
    try {
      const started = performance.now();
      const err = await f
        .client()
        .chat.completions.create({ model: 'meta', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 })
        .then(
          () => null,
          (e: { status: number; message: string }) => e,
        );
      // The target's failure names the refusal; no socket was opened (it fails in milliseconds).
      expect(err?.status).toBe(502);
      expect(err?.message).toMatch(/meta: connection failed \(ERR_LINK_LOCAL_ADDRESS_REFUSED\)/);
      expect(err?.message).toMatch(/ll6: connection failed \(ERR_LINK_LOCAL_ADDRESS_REFUSED\)/);
      expect(performance.now() - started).toBeLessThan(2_000);
      const ok = await f
        .client()
        .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
      expect(ok.choices).toHaveLength(1);
    } finally {
      await f.close();
    }
  });

  it('the connect-time lookup passes loopback names and the setting lifts the literal check', async () => {
    const resolved = await new Promise<unknown>((resolve, reject) =>
      guardedLookup('localhost', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(JSON.stringify(resolved)).toMatch(/127\.0\.0\.1|::1/);
    setLinkLocalProvidersAllowed(false);
    expect(() => assertUpstreamUrl('http://169.254.169.254/latest')).toThrow(/allowLinkLocalProviders/);
    setLinkLocalProvidersAllowed(true);
    try {
      expect(() => assertUpstreamUrl('http://169.254.169.254/latest')).not.toThrow();
    } finally {
      setLinkLocalProvidersAllowed(false);
    }
  });
});
