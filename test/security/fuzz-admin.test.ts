// Fuzzing the admin API of a real `serve --demo` process: every call of the contract and
// /api/events with broken JSON, deep nesting, huge numbers, wrong types, bad paths, header abuse,
// bodies cut short, wrong tokens and hosts. Afterwards: serve still runs, no 5xx, every refusal in
// the admin API's {error:{code,message}} shape. SWITCHYARD_FUZZ_SEED replays a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorCode, callNames } from '../../shared/contract';
import {
  HOSTILE_VALUES,
  breakJson,
  deepNesting,
  FUZZ_SEED,
  hostileHeaders,
  hostilePath,
  type Draw,
} from './support/fuzz-values';
import { type FuzzCase, runFuzz } from './support/fuzz-run';
import { hangsUp, type RawResponse, rawRequest } from './support/raw-http';
import { adminErrorProblem, alive, type ServeUnderFuzz, startServeUnderFuzz } from './support/serve-under-fuzz';

const CASES = 2_400;
const CODES = ApiErrorCode.options;

// Calls whose valid input reaches outside the app (Docker, SSH, the network, files) or changes the
// instance itself get only bodies that can never validate: broken, too deep or not an object.
const REACHES_OUT = new Set<string>([
  'settings.update',
  'settings.rotateMasterKey',
  'settings.setHuggingFaceToken',
  'system.checkDocker',
  'hosts.add',
  'hosts.check',
  'hosts.remove',
  'hosts.setVramBudget',
  'hosts.gpus',
  'catalog.searchHub',
  'config.importLitellm',
  'providers.test',
  ...callNames.filter((c) => c.startsWith('deployments.')),
]);
const FIELDS = [
  'id',
  'name',
  'alias',
  'limit',
  'from',
  'to',
  'range',
  'groupBy',
  'models',
  'budget',
  'key',
  'yaml',
  'table',
];

let s: ServeUnderFuzz;
beforeAll(async () => {
  s = await startServeUnderFuzz();
});
afterAll(() => s?.serve.stop());

type Case = FuzzCase;

function makeCase(d: Draw): Case {
  const call = d.pick(callNames);
  const token = (): Array<[string, string]> =>
    d.chance(0.85)
      ? [['Authorization', `Bearer ${s.adminToken}`]]
      : d.pick([[], [['Authorization', 'Bearer wrong']], [['Authorization', `Bearer ${s.adminToken}x`]]]);
  const post = (body: Buffer | string, kind: string, headers = token()): Case => ({
    kind,
    request: {
      method: 'POST',
      path: `/api/${call}`,
      headers: [...headers, ['Content-Type', 'application/json']],
      body,
    },
  });
  const roll = d.int(0, 99);
  if (roll < 20) return post(breakJson(d, '{"limit":5,"name":"x"}'), 'broken JSON');
  if (roll < 30)
    return post(
      d.chance(0.5)
        ? deepNesting(d.pick([129, 5_000, 50_000]), d.pick(['array', 'object'] as const))
        : d.pick(HOSTILE_VALUES),
      'deep or not an object',
    );
  if (roll < 55) {
    if (REACHES_OUT.has(call)) return post('[]', 'not an object');
    const fields = Array.from({ length: d.int(1, 3) }, () => `"${d.pick(FIELDS)}":${d.pick(HOSTILE_VALUES)}`);
    return post(`{${fields.join(',')}}`, 'hostile fields');
  }
  if (roll < 63) {
    const path = hostilePath(d, '/api/');
    return {
      kind: 'hostile path',
      request: { method: d.pick(['GET', 'POST']), path, headers: token(), body: d.chance(0.5) ? '[]' : undefined },
    };
  }
  if (roll < 75) {
    const request = post('[]', 'header abuse', [...token(), ...hostileHeaders(d)]).request;
    if (request.headers!.some(([k]) => /content-length|transfer-encoding/i.test(k))) request.omitContentLength = true;
    return { kind: 'header abuse', request };
  }
  if (roll < 85) {
    const body = '{"limit":5,"name":"x"}'.padEnd(d.int(50, 4000), ' ');
    const c = post(body, 'partial body');
    c.request.cutBodyAt = d.int(0, body.length - 1);
    return c;
  }
  if (roll < 92) {
    const path = d.pick([
      `/api/${call}`,
      '/api/events',
      `/api/events?token=${s.adminToken}`,
      '/api/events?token=%',
      '/api/',
    ]);
    return {
      kind: 'wrong method',
      request: {
        method: d.pick(['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']),
        path,
        headers: token(),
        untilHeaders: true,
      },
    };
  }
  // The event stream, opened and dropped at once, many times over.
  return { kind: 'events', request: { method: 'GET', path: '/api/events', headers: token(), untilHeaders: true } };
}

function problemOf(c: Case, res: RawResponse | null): string | null {
  if (!res) return hangsUp(c.request) ? null : 'the connection closed without an answer';
  if (res.status >= 500) return `${res.status}: ${res.body.slice(0, 300)}`;
  if (res.status >= 400) {
    const shape = adminErrorProblem(res, CODES);
    if (shape) return `${res.status} not in the admin API's error shape (${shape})`;
  }
  return null;
}

describe('admin API fuzz (serve --demo)', () => {
  it(`${CASES} hostile requests over every call: serve keeps running, no 5xx, the admin error shape`, async () => {
    const { failures, counts, statuses, elapsedS } = await runFuzz({
      port: s.adminPort,
      cases: CASES,
      concurrency: 12,
      seed: FUZZ_SEED,
      makeCase,
      problemOf,
    });
    console.log(
      `admin fuzz: seed ${FUZZ_SEED}, ${CASES} cases over ${callNames.length} calls in ${elapsedS.toFixed(1)} s (${JSON.stringify(counts)}); answers ${JSON.stringify(statuses)}; ${failures.length} failures`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    // The cases reached past the parser and the auth check: real answers of both kinds.
    expect(statuses['2xx']).toBeGreaterThan(100);
    expect(statuses['4xx']).toBeGreaterThan(1_000);
    expect(s.serve.child.exitCode).toBeNull();
    expect(await alive(s.gatewayPid)).toBe(true);
    const status = await fetch(`${s.serve.adminUrl}/api/system.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    expect(status.status).toBe(200);
  });

  it('finding 13: a 2 MiB admin body is answered 413 with the limit, and the connection is not reset', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await fetch(`${s.serve.adminUrl}/api/teams.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('1048576 bytes (1 MiB)');
    // The same again over a raw socket, also with no Content-Length (chunked): still the 413.
    const raw = await rawRequest(s.adminPort, {
      method: 'POST',
      path: '/api/teams.create',
      headers: [
        ['Authorization', `Bearer ${s.adminToken}`],
        ['Transfer-Encoding', 'chunked'],
      ],
      body: `200000\r\n${'x'.repeat(0x200000)}\r\n0\r\n\r\n`,
    });
    expect(raw?.status).toBe(413);
    expect(adminErrorProblem(raw!, CODES)).toBeNull();
  });

  it('finding 1: a malformed % in an admin call name is a 400, not a 500', async () => {
    for (const path of ['/api/%', '/api/%c0%ae', '/api/teams.%zzlist']) {
      const res = await rawRequest(s.adminPort, {
        method: 'POST',
        path,
        headers: [['Authorization', `Bearer ${s.adminToken}`]],
      });
      expect(res?.status, path).toBe(400);
      expect(adminErrorProblem(res!, CODES)).toBeNull();
    }
  });
});
