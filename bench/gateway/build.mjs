// Bundles the gateway bench (its driver and its load-generator process) into out/bench/gateway, as
// scripts/build-cli.mjs does for the CLI. npm dependencies stay external (loaded from node_modules).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'bench/gateway/main.ts', 'load-worker': 'bench/gateway/load-worker.ts' },
  outdir: 'out/bench/gateway',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
