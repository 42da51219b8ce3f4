// The allocation profile's reading (bench/gateway/alloc-profile.ts): bytes summed by function, a
// V8 builtin counted to the code that called it, and each function's owner from its file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { topAllocations } from '../../bench/gateway/alloc-profile';

const root = mkdtempSync(join(tmpdir(), 'sy-alloc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Node = {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: Node[];
};
const frame = (functionName: string, url: string, selfSize: number, children: Node[] = [], lineNumber = 0): Node => ({
  callFrame: { functionName, url, lineNumber, columnNumber: 0 },
  selfSize,
  children,
});

function profileFile(head: Node): string {
  const file = join(root, `${Math.random().toString(36).slice(2)}.heapprofile`);
  writeFileSync(file, JSON.stringify({ head, samples: [] }));
  return file;
}

describe('allocation profile', () => {
  const pipeline = join(root, 'electron', 'core', 'gateway', 'run.js');
  const undici = join(root, 'node_modules', 'undici', 'client.js');
  const file = profileFile(
    frame('(root)', '', 0, [
      frame('runPipeline', pipeline, 3000, [frame('slice', '', 500), frame('write', 'node:_http_outgoing', 1200)], 9),
      // The same function reached by another path: its bytes add up.
      frame('(anonymous)', 'node:internal/process/task_queues', 0, [frame('runPipeline', pipeline, 1000, [], 9)]),
      frame('onBody', undici, 800, [frame('(V8 API)', '', 100)]),
      frame('(V8 API)', '', 50),
    ]),
  );

  it('sums bytes by function, largest first, and by whose code allocated them', () => {
    const summary = topAllocations(file, 10, root);
    expect(summary.totalBytes).toBe(6650);
    expect(summary.top[0]).toEqual({
      where: 'runPipeline (electron/core/gateway/run.js:10)',
      bytes: 4000,
      owner: 'switchyard',
    });
    expect(summary.top.map((t) => t.bytes)).toEqual([...summary.top.map((t) => t.bytes)].sort((a, b) => b - a));
    expect(summary.byOwner).toEqual({ switchyard: 4500, packages: 900, node: 1200, other: 50 });
  });

  it('counts a builtin to its nearest caller with a file, and one with none to no one', () => {
    const where = topAllocations(file, 10, root).top.map((t) => [t.where, t.owner]);
    expect(where).toContainEqual(['slice ← runPipeline (electron/core/gateway/run.js:10)', 'switchyard']);
    expect(where).toContainEqual(['(V8 API) ← onBody (node_modules/undici/client.js:1)', 'packages']);
    expect(where).toContainEqual(['write (node:_http_outgoing:1)', 'node']);
    expect(where).toContainEqual(['(V8 API)', 'other']);
  });

  it('keeps the count it was asked for', () => {
    expect(topAllocations(file, 2, root).top).toHaveLength(2);
  });
});
