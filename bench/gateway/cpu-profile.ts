// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and ranks functions by self time: the
// samples in which the function itself, not what it called, was running. Parsed here rather than
// with a devtools package: the format is a node tree with hit counts and nothing more is needed.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
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
  /** `name (file:line)`: the TypeScript source line where the bundle's source map says, relative to the repository root. */
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

/** A bundle's source map (esbuild writes one beside out/cli/gateway.cjs), loaded once per file; null when none. */
function sourceMapFor(path: string, cache: Map<string, SourceMap | null>): SourceMap | null {
  if (!cache.has(path)) {
    const mapPath = `${path}.map`;
    cache.set(path, existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null);
  }
  return cache.get(path)!;
}

/** `file:line` in the source the bundle was built from, where a source map says; else in the bundle. */
export function sourceLocation(
  url: string,
  line: number,
  column: number,
  root: string,
  cache: Map<string, SourceMap | null>,
): string {
  // A .cpuprofile names a script by its file:// URL, a .heapprofile by its path.
  const bundle = url.startsWith('file://') ? new URL(url).pathname : url.startsWith('/') ? url : null;
  if (bundle === null) return url ? `${url}:${line + 1}` : '';
  const entry = sourceMapFor(bundle, cache)?.findEntry(line, column) as
    | { originalSource?: string; originalLine?: number }
    | undefined;
  if (entry?.originalSource && entry.originalLine !== undefined) {
    const original = entry.originalSource.startsWith('file://')
      ? new URL(entry.originalSource).pathname
      : resolve(dirname(bundle), entry.originalSource);
    return `${relative(root, original)}:${entry.originalLine + 1}`;
  }
  return `${relative(root, bundle)}:${line + 1}`;
}

/** The `count` functions with the most self time; V8's pseudo-frames ((idle), (program), (garbage collector)) included. */
export function topSelfTime(file: string, count = 15, root = process.cwd()): ProfileSummary {
  const profile = CpuProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, number>();
  const maps = new Map<string, SourceMap | null>();
  for (const n of profile.nodes) {
    if (!n.hitCount) continue;
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    const location = sourceLocation(url, lineNumber, columnNumber, root, maps);
    const where = location ? `${functionName || '(anonymous)'} (${location})` : functionName;
    byFunction.set(where, (byFunction.get(where) ?? 0) + n.hitCount);
  }
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, hits]) => ({ where, selfMs: (hits / total) * durationMs, share: hits / total }));
  return { durationMs, samples: total, idle: (byFunction.get('(idle)') ?? 0) / total, top };
}
