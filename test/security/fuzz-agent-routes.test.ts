// Fuzzing the agent dialects' routes of a real `serve --demo` process: ~800 hostile requests on
// POST /v1/messages, /v1/messages/count_tokens and /v1/responses and GET/DELETE
// /v1/responses/{id} — hostile values in each field, unknown block and item types, broken JSON,
// hostile ids — built like the chat routes' fuzz (fuzz-gateway.test.ts). Afterwards: no process
// exited, no 5xx, every refusal in its route's error shape (Anthropic's on /v1/messages,
// OpenAI's on /v1/responses), and the positive controls all served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzCase, objectText, runFuzz } from './support/fuzz-run';
import { breakJson, type Draw, FUZZ_SEED, HOSTILE_VALUES } from './support/fuzz-values';
import { hangsUp, type RawResponse } from './support/raw-http';
import { alive, openAiErrorProblem, type ServeUnderFuzz, startServeUnderFuzz } from './support/serve-under-fuzz';

const CASES = 800;

let s: ServeUnderFuzz;
beforeAll(async () => {
  s = await startServeUnderFuzz();
});
afterAll(() => s?.serve.stop());

const BASES: Record<string, Record<string, string>> = {
  '/v1/messages': {
    model: '"chat"',
    max_tokens: '4',
    messages: '[{"role":"user","content":"hi"}]',
  },
  '/v1/messages/count_tokens': { model: '"chat"', messages: '[{"role":"user","content":"hi"}]' },
  '/v1/responses': { model: '"chat"', input: '"hi"', max_output_tokens: '4', store: 'false' },
};
const ROUTES = Object.keys(BASES);
const FIELDS: Record<string, string[]> = {
  '/v1/messages': [
    'model',
    'messages',
    'system',
    'max_tokens',
    'tools',
    'tool_choice',
    'thinking',
    'stop_sequences',
    'temperature',
    'top_k',
    'metadata',
    'stream',
    'output_config',
  ],
  '/v1/messages/count_tokens': ['model', 'messages', 'system', 'tools', 'thinking'],
  '/v1/responses': [
    'model',
    'input',
    'instructions',
    'max_output_tokens',
    'tools',
    'tool_choice',
    'reasoning',
    'text',
    'previous_response_id',
    'stream',
    'temperature',
    'include',
    'store',
  ],
};
/** Blocks and items of every kind, some broken: what agents send, and what they never should. */
const CONTENT = [
  '[{"type":"hologram"}]',
  '[{"type":"text"}]',
  '[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]',
  '[{"type":"image","source":{"type":"file","file_id":"f"}}]',
  '[{"type":"tool_result","tool_use_id":"x","content":[{"type":"text","text":"ok"}],"is_error":true}]',
  '[{"type":"tool_use","id":"t","name":"read","input":"not an object"}]',
  '[{"type":"thinking","thinking":"hmm","signature":""}]',
  '[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]',
];
const ITEMS = [
  '[{"type":"hologram"}]',
  '[{"type":"message","role":"wizard","content":"hi"}]',
  '[{"type":"function_call_output","call_id":"c","output":"x"}]',
  '[{"type":"function_call","call_id":"c","name":"f","arguments":"{"}]',
  '[{"type":"reasoning","summary":[]}]',
  '[{"type":"message","role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,AAAA"}]}]',
  '[{"type":"message","role":"user","content":[{"type":"input_audio"}]}]',
  '[{"type":"web_search_call","id":"w","status":"completed"}]',
];

type Case = FuzzCase;

function makeCase(d: Draw): Case {
  const auth = (): Array<[string, string]> =>
    d.chance(0.8)
      ? d.pick<Array<[string, string]>>([
          [['Authorization', `Bearer ${s.masterKey}`]],
          [['x-api-key', s.masterKey]],
          [['x-api-key', s.demoKey]],
        ])
      : d.pick<Array<[string, string]>>([[], [['x-api-key', 'sk-not-a-key']]]);
  const headers = (): Array<[string, string]> => [
    ...auth(),
    ['Content-Type', 'application/json'],
    ['anthropic-version', d.pick(['2023-06-01', '1999-01-01', ''])],
    ['anthropic-beta', d.pick(['claude-code-20250219,interleaved-thinking-2025-05-14', 'no-such-flag', ''])],
  ];
  const roll = d.int(0, 99);
  const route = d.pick(ROUTES);
  if (roll < 40) {
    const fields = { ...BASES[route] };
    for (let i = d.int(1, 3); i > 0; i--) {
      const field = d.pick(FIELDS[route]);
      // Never an unbounded generation: the output cap keeps a value the engine refuses or finishes fast.
      fields[field] = /max_(output_)?tokens/.test(field)
        ? d.pick(['0', '-1', '"2"', '2147483648', '1e400', '1.5', 'null'])
        : d.pick(HOSTILE_VALUES);
    }
    return {
      kind: 'hostile field',
      request: { method: 'POST', path: route, headers: headers(), body: objectText(fields) },
    };
  }
  if (roll < 60) {
    const fields = { ...BASES[route] };
    if (route === '/v1/responses') fields.input = d.pick(ITEMS);
    else fields.messages = `[{"role":"${d.pick(['user', 'assistant', 'system'])}","content":${d.pick(CONTENT)}}]`;
    return {
      kind: 'block or item',
      request: { method: 'POST', path: route, headers: headers(), body: objectText(fields) },
    };
  }
  if (roll < 80) {
    return {
      kind: 'broken JSON',
      request: { method: 'POST', path: route, headers: headers(), body: breakJson(d, objectText(BASES[route])) },
    };
  }
  if (roll < 90) {
    const id = d.pick(['resp_missing', 'resp_' + 'x'.repeat(300), '..%2F..%2Fetc', 'resp_%00', '%E0%A4%A']);
    return {
      kind: 'stored response',
      request: { method: d.pick(['GET', 'DELETE', 'PUT']), path: `/v1/responses/${id}`, headers: auth() },
    };
  }
  return {
    kind: 'control',
    mustSucceed: true,
    request: {
      method: 'POST',
      path: route,
      headers: [
        ['Authorization', `Bearer ${s.masterKey}`],
        ['Content-Type', 'application/json'],
      ],
      body: objectText(d.chance(0.5) ? { ...BASES[route], stream: 'true' } : BASES[route]),
    },
  };
}

/** Anthropic's error body: {"type":"error","error":{"type","message"}}; returns what is wrong, or null. */
function anthropicErrorProblem(res: RawResponse): string | null {
  let body: { type?: unknown; error?: { type?: unknown; message?: unknown } };
  try {
    body = JSON.parse(res.body);
  } catch {
    return `not JSON: ${res.body.slice(0, 120)}`;
  }
  if (body?.type !== 'error') return 'type is not "error"';
  if (typeof body.error?.type !== 'string') return 'error.type is not a string';
  if (typeof body.error.message !== 'string' || !body.error.message) return 'error.message is empty';
  return null;
}

function problemOf(c: Case, res: RawResponse | null): string | null {
  if (!res) return hangsUp(c.request) ? null : 'the connection closed without an answer';
  if (c.mustSucceed)
    return res.status >= 200 && res.status < 300 ? null : `control answered ${res.status}: ${res.body.slice(0, 200)}`;
  if (res.status >= 500) return `${res.status}: ${res.body.slice(0, 300)}`;
  if (res.status >= 400) {
    const shape = c.request.path.startsWith('/v1/messages') ? anthropicErrorProblem(res) : openAiErrorProblem(res);
    if (shape) return `${res.status} not in the route's error shape (${shape})`;
  }
  return null;
}

describe('agent routes fuzz (serve --demo)', () => {
  it(`${CASES} hostile requests on /v1/messages and /v1/responses: no exit, no 5xx, each route's error shape`, async () => {
    const { failures, statuses } = await runFuzz({
      port: s.gatewayPort,
      cases: CASES,
      concurrency: 8,
      seed: FUZZ_SEED + 13,
      makeCase,
      problemOf,
    });
    console.log(`agent routes fuzz: ${CASES} cases; answers ${JSON.stringify(statuses)}; ${failures.length} failures`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(statuses['2xx']).toBeGreaterThan(50);
    expect(statuses['4xx']).toBeGreaterThan(300);
    expect(s.serve.child.exitCode).toBeNull();
    expect(await alive(s.gatewayPid)).toBe(true);
  });
});
