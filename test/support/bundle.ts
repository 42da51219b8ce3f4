// Bundles a plain-Node entry with esbuild into a temp dir, so tests run the same process code the
// CLI ships without depending on a prior `npm run build`.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function bundleEntry(entry: string, name: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'switchyard-bundle-'));
  await build({
    entryPoints: [{ in: entry, out: name }], outdir, outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
    nodePaths: [join(process.cwd(), 'node_modules')],
  });
  return join(outdir, `${name}.cjs`);
}
