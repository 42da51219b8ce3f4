// Bundles a plain-Node entry with esbuild into out/test-bundles, so tests run the same process code the
// CLI ships without depending on a prior `npm run build`.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

export async function bundleEntry(entry: string, name: string): Promise<string> {
  // Inside the project, so the bundle's require('better-sqlite3') finds node_modules.
  const parent = join(process.cwd(), 'out', 'test-bundles');
  mkdirSync(parent, { recursive: true });
  const outdir = mkdtempSync(join(parent, `${name}-`));
  await build({
    entryPoints: [{ in: entry, out: name }],
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  return join(outdir, `${name}.cjs`);
}
