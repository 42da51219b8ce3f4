// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and ranks functions by self time: the
// samples in which the function itself, not what it called, was running. Parsed here rather than
// with a devtools package: the format is a node tree with hit counts and nothing more is needed.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const CpuProfile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
        columnNumber: z.number(),
      }),
      hitCount: z.number().optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()).optional(),
});

export interface SelfTime {
  /** `name (file:line)`, the file relative to the repository root where it is inside it. */
  where: string;
  selfMs: number;
  /** Share of all samples, idle and GC included, 0–1. */
  share: number;
}

export interface ProfileSummary {
  durationMs: number;
  samples: number;
  /** Share of samples in which the thread was idle (waiting for I/O), 0–1. */
  idle: number;
  top: SelfTime[];
}

/** The `count` functions with the most self time; V8's pseudo-frames ((idle), (program), (garbage collector)) included. */
export function topSelfTime(file: string, count = 15, root = process.cwd()): ProfileSummary {
  const profile = CpuProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    if (!n.hitCount) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
    const where = path ? `${functionName || '(anonymous)'} (${path}:${lineNumber + 1})` : functionName;
    byFunction.set(where, (byFunction.get(where) ?? 0) + n.hitCount);
  }
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, hits]) => ({ where, selfMs: (hits / total) * durationMs, share: hits / total }));
  return { durationMs, samples: total, idle: (byFunction.get('(idle)') ?? 0) / total, top };
}
