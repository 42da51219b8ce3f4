// Bundles the plain-Node entry points (the `switchyard` command and the gateway process) into
// out/cli. npm dependencies stay external: they are loaded from node_modules at run time. The workspace packages
// (vllm-sim) are TypeScript sources and are bundled in.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { workspacePackages } from './workspace-packages.mjs';

const entries = [
  { in: 'electron/core/cli.ts', out: 'switchyard' },
  { in: 'electron/core/gateway/process-entry.ts', out: 'gateway' },
  // The simulator's standalone entry, beside the CLI: `switchyard build-sim-image` falls back to it without esbuild.
  { in: 'packages/vllm-sim/src/main.ts', out: 'vllm-sim' },
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
  plugins: [workspacePackages],
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync('out/cli/switchyard.cjs', 0o755);

// npm links no bin for the project itself; `npx switchyard` runs node_modules/.bin/switchyard
// when it exists, so link it there (instead of npx fetching some other package of that name).
if (existsSync('node_modules')) {
  mkdirSync('node_modules/.bin', { recursive: true });
  rmSync('node_modules/.bin/switchyard', { force: true });
  try {
    symlinkSync('../../out/cli/switchyard.cjs', 'node_modules/.bin/switchyard');
  } catch (err) {
    console.warn(
      `could not link node_modules/.bin/switchyard (${err.code}): run \`node out/cli/switchyard.cjs\` instead of npx`,
    );
  }
}
console.log(`built out/cli (${entries.map((e) => e.out).join(', ')}) in ${Date.now() - started} ms`);
