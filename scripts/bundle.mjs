// `node scripts/bundle.mjs ENTRY.ts OUT.cjs`: one plain-Node bundle (the benches), npm dependencies external and
// the workspace packages bundled in, as scripts/build-cli.mjs does for the CLI.
import { build } from 'esbuild';
import { workspacePackages } from './workspace-packages.mjs';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle.mjs ENTRY.ts OUT.cjs');
  process.exit(2);
}
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  plugins: [workspacePackages],
  logLevel: 'warning',
});
