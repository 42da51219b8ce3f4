// Fuzzing the UI's static file server (the admin port of a real `serve` process) with ~2,400
// hostile paths: bad percent-encoding, traversal (`/../`, `%2e%2e`, backslashes), encoded NUL,
// overlong paths, header abuse. Afterwards: serve still runs, no 5xx, every refusal a plain-text
// 4xx (or the admin API's JSON where Node's parser refused the request), and no 200 ever carried
// a byte from outside the UI folder. SWITCHYARD_FUZZ_SEED replays a run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorCode } from '../../shared/contract';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { drawFor, FUZZ_SEED, hostileHeaders, hostilePath, type Draw } from './support/fuzz-values';
import { hangsUp, type RawRequest, type RawResponse, rawRequest, runPool } from './support/raw-http';
import { adminErrorProblem } from './support/serve-under-fuzz';

const CASES = 2_400;
const RENDERER = join('out', 'renderer');

/** Every file the UI folder holds, by content: a 200 must be one of them. */
function uiFiles(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) uiFiles(path, out);
    else out.add(readFileSync(path, 'utf8'));
  }
  return out;
}

let serve: ServeProcess;
let port: number;
let served: Set<string>;
beforeAll(async () => {
  serve = await startServeProcess();
  port = Number(new URL(serve.adminUrl).port);
  served = uiFiles(RENDERER);
});
afterAll(() => serve?.stop());

const PREFIXES = ['/', '/assets/', '/%2e%2e/', '/..%2f', '/assets/..%5c..%5c', '//', '/index.html/'];
const OUTSIDE = [readFileSync('package.json', 'utf8'), readFileSync('/etc/passwd', 'utf8')];

function makeCase(d: Draw): RawRequest {
  const path = d.chance(0.05) ? d.pick(['/', '/index.html', '/assets/']) : hostilePath(d, d.pick(PREFIXES));
  const headers = d.chance(0.15) ? hostileHeaders(d) : [];
  const request: RawRequest = { method: d.pick(['GET', 'GET', 'GET', 'HEAD']), path, headers };
  if (headers.some(([k]) => /content-length|transfer-encoding/i.test(k))) request.omitContentLength = true;
  return request;
}

function problemOf(r: RawRequest, res: RawResponse | null): string | null {
  if (!res) return hangsUp(r) ? null : 'the connection closed without an answer';
  if (res.status >= 500) return `${res.status}: ${res.body.slice(0, 200)}`;
  if (res.status === 200) {
    if (r.method === 'HEAD') return null;
    if (OUTSIDE.includes(res.body)) return 'served a file from outside the UI folder';
    return served.has(res.body) ? null : `200 with a body that is no UI file: ${res.body.slice(0, 120)}`;
  }
  if (res.status >= 400 && r.method !== 'HEAD') {
    const plain = res.headers['content-type']?.startsWith('text/plain') && res.body.length > 0;
    if (!plain && adminErrorProblem(res, ApiErrorCode.options) !== null)
      return `${res.status} neither a plain-text refusal nor the admin error shape: ${res.body.slice(0, 120)}`;
  }
  return null;
}

describe.skipIf(!statSync(join(RENDERER, 'index.html'), { throwIfNoEntry: false }))('static file server fuzz', () => {
  it(`${CASES} hostile paths: serve keeps running, no 5xx, nothing from outside the UI folder`, async () => {
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const started = Date.now();
    await runPool(CASES, 12, async (i) => {
      const r = makeCase(drawFor(FUZZ_SEED, i));
      const res = await rawRequest(port, r).catch((err: Error) => {
        failures.push(`seed=${FUZZ_SEED} case=${i} ${r.method} ${r.path.slice(0, 160)} → ${err.message}`);
        return undefined;
      });
      if (res === undefined) return;
      if (res) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const problem = problemOf(r, res);
      if (problem) failures.push(`seed=${FUZZ_SEED} case=${i} ${r.method} ${r.path.slice(0, 160)} → ${problem}`);
    });
    console.log(
      `static fuzz: seed ${FUZZ_SEED}, ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; answers ${JSON.stringify(statuses)}; ${failures.length} failures`,
    );
    if (failures.length) console.log(failures.slice(0, 20).join('\n'));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(statuses[400]).toBeGreaterThan(100);
    expect(statuses[200]).toBeGreaterThan(100);
    expect(serve.child.exitCode).toBeNull();
  });

  it('finding 1: /% and /%c0%ae… are a 400 and serve keeps serving the UI', async () => {
    for (const path of ['/%', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/assets/%', '/x%00.html', '//%']) {
      const res = await rawRequest(port, { method: 'GET', path });
      expect(res?.status, path).toBe(400);
      expect(res?.headers['content-type']).toContain('text/plain');
    }
    for (const path of ['/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json']) {
      const res = await rawRequest(port, { method: 'GET', path });
      expect(OUTSIDE).not.toContain(res?.body);
    }
    const ui = await fetch(`${serve.adminUrl}/`);
    expect(ui.status).toBe(200);
    expect(serve.child.exitCode).toBeNull();
  });
});
