// Bundles the plain-Node entry points (the `switchyard` command and the gateway process) into
// out/cli. npm dependencies stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const entries = [
  { in: 'electron/core/cli.ts', out: 'switchyard' },
  { in: 'electron/core/gateway/process-entry.ts', out: 'gateway' },
];

const started = Date.now();
await build({
  entryPoints: entries,
  outdir: 'out/cli',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
chmodSync('out/cli/switchyard.cjs', 0o755);
console.log(`built out/cli (${entries.map((e) => e.out).join(', ')}) in ${Date.now() - started} ms`);
