// The bench's `--alloc-prof` mode: what the gateway allocates per request (or per relayed chunk),
// by function. Garbage collection is a share of the gateway's CPU, and a scavenge pauses every
// stream at once; how often one comes is set by the bytes allocated per unit of work. serve runs
// with `-r alloc-sampler.cjs` (the gateway child inherits it), the case's load runs unmeasured for
// 2 s, then SIGUSR2 starts V8's sampling heap profiler in the gateway (collected objects counted)
// for BENCH_PROFILE_S, and a second SIGUSR2 writes the profile; its JSON is read here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SourceMap } from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ChildRegistry } from './children';
import { sourceLocation } from './cpu-profile';
import { profileDir, startProfiledCase } from './profile-case';
import { log, table } from './report';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  /** Bytes allocated at this frame itself (V8 scales the samples to an estimate of all allocations). */
  selfSize: number;
  children: HeapNode[];
}
const HeapNodeSchema: z.ZodType<HeapNode> = z.lazy(() =>
  z.object({
    callFrame: z.object({
      functionName: z.string(),
      url: z.string(),
      lineNumber: z.number(),
      columnNumber: z.number(),
    }),
    selfSize: z.number(),
    children: z.array(HeapNodeSchema),
  }),
);
const HeapProfile = z.object({ head: HeapNodeSchema });

/**
 * Whose code allocated: Switchyard's own source, a package, or Node's library. A V8 builtin (a
 * frame with no file: `slice`, `match`, `(V8 API)`) is counted to the code that called it.
 */
export type AllocationOwner = 'switchyard' | 'packages' | 'node' | 'other';

export interface AllocationSummary {
  totalBytes: number;
  byOwner: Record<AllocationOwner, number>;
  /** The functions that allocated most themselves (not through their callees), `name (file:line)`. */
  top: Array<{ where: string; bytes: number; owner: AllocationOwner }>;
}

function ownerOf(url: string, location: string): AllocationOwner {
  if (url.startsWith('node:')) return 'node';
  return /^(electron|shared)\//.test(location) ? 'switchyard' : 'packages';
}

/** Bytes allocated by function in a .heapprofile, the `count` largest first. */
export function topAllocations(file: string, count = 15, root = process.cwd()): AllocationSummary {
  const { head } = HeapProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const maps = new Map<string, SourceMap | null>();
  const byFunction = new Map<string, { bytes: number; owner: AllocationOwner }>();
  const byOwner: Record<AllocationOwner, number> = { switchyard: 0, packages: 0, node: 0, other: 0 };
  let totalBytes = 0;
  // Each node with the nearest frame above it that has a file (a builtin's caller).
  type Caller = { where: string; owner: AllocationOwner } | null;
  const stack: Array<[HeapNode, Caller]> = [[head, null]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, caller] = item;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    let frame: Caller = caller;
    if (url !== '') {
      const location = sourceLocation(url, lineNumber, columnNumber, root, maps);
      frame = { where: `${name} (${location})`, owner: ownerOf(url, location) };
    }
    for (const child of node.children) stack.push([child, frame]);
    if (node.selfSize === 0) continue;
    const where = url !== '' ? frame!.where : caller ? `${name} ← ${caller.where}` : name;
    const owner = frame?.owner ?? 'other';
    const entry = byFunction.get(where) ?? { bytes: 0, owner };
    entry.bytes += node.selfSize;
    byFunction.set(where, entry);
    byOwner[owner] += node.selfSize;
    totalBytes += node.selfSize;
  }
  const top = [...byFunction]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, count)
    .map(([where, e]) => ({ where, ...e }));
  return { totalBytes, byOwner, top };
}

export async function runAllocProfile(reg: ChildRegistry, tmp: string): Promise<void> {
  const out = profileDir();
  const sampler = resolve('bench', 'gateway', 'alloc-sampler.cjs');
  const profiled = await startProfiledCase(reg, tmp, ['-r', sampler], { BENCH_ALLOC_PROF_DIR: out });
  log(`Switchyard gateway allocation profile: ${profiled.described}`);
  const { pid, unit } = profiled;
  await profiled.load(0, 2);
  process.kill(pid, 'SIGUSR2');
  const r = await profiled.load(0, profiled.seconds);
  process.kill(pid, 'SIGUSR2');
  log(`  ${Math.round(r.requestsPerS)} req/s, ${r.errors} errors, ${r.per} ${unit}s sampled`);
  const file = join(out, `${pid}.heapprofile`);
  const deadline = Date.now() + 15_000;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  await reg.stopAll();
  if (!existsSync(file)) throw new Error(`the gateway (pid ${pid}) wrote no ${file}`);
  const summary = topAllocations(file);
  const perUnit = (bytes: number) => (bytes / r.per).toFixed(0);
  const share = (bytes: number) => `${((bytes / summary.totalBytes) * 100).toFixed(1)} %`;
  const { switchyard, packages, node, other } = summary.byOwner;
  const report = [
    `profile: ${file} (V8's sampling heap profile, collected objects included); open it in Chrome DevTools › Memory`,
    `allocated ${perUnit(summary.totalBytes)} bytes per ${unit} over ${r.per} ${unit}s: Switchyard's code ${perUnit(switchyard)} (${share(switchyard)}), packages ${perUnit(packages)} (${share(packages)}), Node's library ${perUnit(node)} (${share(node)}), no JS caller ${perUnit(other)} (${share(other)})`,
    'top 15 functions by bytes they allocated themselves (not through their callees):',
    table(
      [`bytes/${unit === 'chunk' ? 'chunk' : 'req'}`, 'share', 'whose', 'function (file:line)'],
      summary.top.map((t) => [perUnit(t.bytes), share(t.bytes), t.owner, t.where]),
    ),
  ].join('\n');
  writeFileSync(join(out, 'top-allocations.txt'), `${report}\n`);
  log(report);
}
