// Fuzzing the gateway of a real `serve --demo` process (simulated engines behind a real gateway
// process) with ~2,400 hostile requests on every route: broken JSON, deep nesting, huge numbers,
// wrong types, bad percent-encoding, traversal, header abuse, bodies cut short. Afterwards: no
// process exited, no 5xx but a target's own, every refusal in OpenAI's error shape, gateway RSS
// back within 20 % of its start, and the gateway still serves. SWITCHYARD_FUZZ_SEED replays a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE_VALUES,
  breakJson,
  deepNesting,
  drawFor,
  FUZZ_SEED,
  hostileHeaders,
  hostilePath,
  type Draw,
} from './support/fuzz-values';
import { type FuzzCase, objectText, runFuzz } from './support/fuzz-run';
import { hangsUp, type RawRequest, type RawResponse, rawRequest, rssBytes, runPool } from './support/raw-http';
import { alive, openAiErrorProblem, type ServeUnderFuzz, startServeUnderFuzz } from './support/serve-under-fuzz';

const CASES = 2_400;
// The start figure is taken after two passes over the same cases: V8 grows its heap lazily
// (a forced GC in an in-process run shows the heap flat), so the passes set the working size
// and the second must stay within 20 % of it; a per-request leak keeps growing.
const WARM_UP = Number(process.env.FUZZ_WARM_UP ?? 2 * CASES);
const MIB = 1024 * 1024;

let s: ServeUnderFuzz;
beforeAll(async () => {
  s = await startServeUnderFuzz();
});
afterAll(() => s?.serve.stop());

const BASES: Record<string, Record<string, string>> = {
  '/v1/chat/completions': {
    model: '"chat"',
    messages: '[{"role":"user","content":"hi"}]',
    max_tokens: '2',
  },
  '/v1/completions': { model: '"chat"', prompt: '"hi"', max_tokens: '2' },
  '/v1/embeddings': { model: '"embed"', input: '"hi"' },
  '/v1/rerank': { model: '"embed"', query: '"q"', documents: '["a","b"]' },
};
const OPENAI_ROUTES = Object.keys(BASES);
const FIELDS = [
  'model',
  'messages',
  'prompt',
  'input',
  'query',
  'documents',
  'n',
  'best_of',
  'max_tokens',
  'max_completion_tokens',
  'logprobs',
  'top_logprobs',
  'stop',
  'tools',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'logit_bias',
  'seed',
  'user',
  'response_format',
  'tool_choice',
] as const;
const ADMIN_ROUTES = [
  '/key/generate',
  '/key/info',
  '/key/update',
  '/key/delete',
  '/key/list',
  '/key/block',
  '/key/regenerate',
  '/team/new',
  '/team/info',
  '/team/update',
  '/team/delete',
  '/team/list',
];
// No durations here: `budget_duration: "0s"` is finding 4's own regression test.
const ADMIN_FIELDS = [
  'key',
  'keys',
  'key_alias',
  'models',
  'max_budget',
  'rpm_limit',
  'tpm_limit',
  'team_id',
  'metadata',
];
const PATH_PREFIXES = ['/', '/v1/', '/vllm/', '/vllm/demo-qwen3-0.6b-a/', '/key/', '/team/', '/metrics/', '/health/'];

type Case = FuzzCase;

function makeCase(d: Draw): Case {
  const auth = (): Array<[string, string]> =>
    d.chance(0.7)
      ? [['Authorization', `Bearer ${s.masterKey}`]]
      : d.chance(0.5)
        ? [['Authorization', `Bearer ${s.demoKey}`]]
        : d.pick([[], [['Authorization', 'Bearer sk-not-a-key']], [['x-api-key', s.masterKey.slice(0, -1)]]]);
  const json = (): Array<[string, string]> => [['Content-Type', 'application/json']];
  const roll = d.int(0, 99);
  if (roll < 30) {
    const route = d.pick(OPENAI_ROUTES);
    const fields = { ...BASES[route] };
    for (let i = d.int(1, 3); i > 0; i--) {
      const field = d.pick(FIELDS);
      // Never an unbounded generation: max_tokens keeps a value the engine refuses or finishes fast.
      fields[field] =
        field === 'max_tokens' ? d.pick(['0', '-1', '"2"', '2147483648', '1e400', '1.5']) : d.pick(HOSTILE_VALUES);
    }
    return {
      kind: 'hostile field',
      request: { method: 'POST', path: route, headers: [...auth(), ...json()], body: objectText(fields) },
    };
  }
  if (roll < 45) {
    const route = d.chance(0.8) ? d.pick(OPENAI_ROUTES) : d.pick(ADMIN_ROUTES);
    const valid = objectText(BASES[route] ?? { key_alias: '"x"' });
    return {
      kind: 'broken JSON',
      request: { method: 'POST', path: route, headers: [...auth(), ...json()], body: breakJson(d, valid) },
    };
  }
  if (roll < 55) {
    const path = hostilePath(d, d.pick(PATH_PREFIXES));
    return {
      kind: 'hostile path',
      request: { method: d.pick(['GET', 'POST', 'HEAD', 'DELETE']), path, headers: auth() },
    };
  }
  if (roll < 67) {
    const route = d.pick([...OPENAI_ROUTES, '/v1/models', '/metrics', '/health', '/key/info', '/vllm/x/v1/models']);
    const body = BASES[route] ? objectText(BASES[route]) : undefined;
    const request: RawRequest = {
      method: body ? 'POST' : 'GET',
      path: route,
      headers: [...auth(), ...hostileHeaders(d)],
      body,
    };
    // Duplicated or contradictory framing headers replace the computed Content-Length.
    if (request.headers!.some(([k]) => /content-length|transfer-encoding/i.test(k))) request.omitContentLength = true;
    return { kind: 'header abuse', request };
  }
  if (roll < 77) {
    const route = d.pick([...OPENAI_ROUTES, '/key/generate', '/vllm/demo-qwen3-0.6b-a/tokenize']);
    const body = objectText(BASES[route] ?? { key_alias: '"x"' }).padEnd(d.int(100, 5000), ' ');
    return {
      kind: 'partial body',
      request: {
        method: 'POST',
        path: route,
        headers: [...auth(), ...json()],
        body,
        cutBodyAt: d.int(0, body.length - 1),
      },
    };
  }
  if (roll < 87) {
    const fields: Record<string, string> = {};
    for (let i = d.int(1, 3); i > 0; i--) fields[d.pick(ADMIN_FIELDS)] = d.pick(HOSTILE_VALUES);
    const path = d.pick(ADMIN_ROUTES);
    const method = d.chance(0.8) ? 'POST' : 'GET';
    const request = {
      method,
      path,
      headers: [...auth(), ...json()],
      body: method === 'POST' ? objectText(fields) : undefined,
    };
    return { kind: 'key/team fields', request };
  }
  // Positive controls: the same gateway must keep serving real requests while it is fuzzed.
  const master: Array<[string, string]> = [['Authorization', `Bearer ${s.masterKey}`]];
  const control = d.pick([
    { method: 'POST', path: '/v1/chat/completions', body: objectText(BASES['/v1/chat/completions']) },
    {
      method: 'POST',
      path: '/v1/chat/completions',
      body: objectText({ ...BASES['/v1/chat/completions'], stream: 'true' }),
    },
    { method: 'POST', path: '/v1/completions', body: objectText(BASES['/v1/completions']) },
    { method: 'POST', path: '/v1/embeddings', body: objectText(BASES['/v1/embeddings']) },
    { method: 'GET', path: '/v1/models' },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/metrics' },
  ]);
  return { kind: 'control', mustSucceed: true, request: { ...control, headers: [...master, ...json()] } };
}

/** What is wrong with the answer to a case, or null. */
function problemOf(c: Case, res: RawResponse | null): string | null {
  if (!res) return hangsUp(c.request) ? null : 'the connection closed without an answer';
  if (c.mustSucceed)
    return res.status >= 200 && res.status < 300 ? null : `control answered ${res.status}: ${res.body.slice(0, 200)}`;
  // A target's own 5xx passed through /vllm/ carries the deployment it came from.
  if (res.status >= 500 && !(c.request.path.startsWith('/vllm/') && res.headers['x-switchyard-deployment']))
    return `${res.status}: ${res.body.slice(0, 300)}`;
  if (res.status >= 400 && c.request.method !== 'HEAD' && !res.headers['x-switchyard-deployment']) {
    const shape = openAiErrorProblem(res);
    if (shape) return `${res.status} not in OpenAI's error shape (${shape})`;
  }
  return null;
}

describe('gateway fuzz (serve --demo)', () => {
  it(`${CASES} hostile requests: no exit, no 5xx but a target's own, OpenAI's error shape, RSS within 20 %`, async () => {
    // Warm up first, so the start figure is a serving gateway's and not a cold one's.
    await runPool(WARM_UP, 16, async (i) => {
      await rawRequest(s.gatewayPort, makeCase(drawFor(FUZZ_SEED, i % CASES)).request).catch(() => null);
    });
    const rssStart = await rssBytes(s.gatewayPid);
    const { failures, counts, statuses, elapsedS } = await runFuzz({
      port: s.gatewayPort,
      cases: CASES,
      concurrency: 16,
      seed: FUZZ_SEED,
      makeCase,
      problemOf,
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const rssEnd = await rssBytes(s.gatewayPid);
    console.log(
      `gateway fuzz: seed ${FUZZ_SEED}, ${CASES} cases in ${elapsedS.toFixed(1)} s (${JSON.stringify(counts)}); answers ${JSON.stringify(statuses)}; ` +
        `gateway RSS ${(rssStart / MIB).toFixed(1)} → ${(rssEnd / MIB).toFixed(1)} MiB; ${failures.length} failures`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    // The cases reached past the parser and the auth check: real answers of both kinds.
    expect(statuses['2xx']).toBeGreaterThan(100);
    expect(statuses['4xx']).toBeGreaterThan(1_000);
    expect(s.serve.child.exitCode).toBeNull();
    expect(await alive(s.gatewayPid)).toBe(true);
    expect(rssEnd).toBeLessThanOrEqual(rssStart * 1.2);
  });

  it('finding 6: deep-nested bodies from one key leave every target serving another key (no 503 cooling down)', async () => {
    const deep = objectText({ ...BASES['/v1/chat/completions'], metadata: deepNesting(5_000, 'object') });
    for (let i = 0; i < 6; i++) {
      const res = await rawRequest(s.gatewayPort, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: [['Authorization', `Bearer ${s.masterKey}`]],
        body: deep,
      });
      expect(res?.status).toBe(400);
      expect(JSON.parse(res!.body).error).toMatchObject({ code: 'nesting_too_deep', type: 'invalid_request_error' });
    }
    for (const model of ['chat', 'chat-large']) {
      const res = await fetch(`${s.serve.gatewayUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.demoKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'still there?' }], max_tokens: 2 }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });

  it('finding 7: n=9007199254740993 is a 400 naming n and its limit, and the gateway stays up', async () => {
    const res = await rawRequest(s.gatewayPort, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: [['Authorization', `Bearer ${s.demoKey}`]],
      body: objectText({ ...BASES['/v1/chat/completions'], n: '9007199254740993' }),
    });
    expect(res?.status).toBe(400);
    expect(JSON.parse(res!.body).error).toMatchObject({ param: 'n', code: 'out_of_range' });
    expect(JSON.parse(res!.body).error.message).toContain('128');
    for (const [n, code] of [
      ['"ten"', 'invalid_type'],
      ['-1', 'out_of_range'],
      ['1.5', 'invalid_type'],
    ]) {
      const bad = await rawRequest(s.gatewayPort, {
        method: 'POST',
        path: '/v1/completions',
        headers: [['Authorization', `Bearer ${s.demoKey}`]],
        body: objectText({ ...BASES['/v1/completions'], n }),
      });
      expect(bad?.status).toBe(400);
      expect(JSON.parse(bad!.body).error).toMatchObject({ param: 'n', code });
    }
    expect(await alive(s.gatewayPid)).toBe(true);
  });
});
