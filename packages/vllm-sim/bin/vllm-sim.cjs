#!/usr/bin/env node
// The `vllm-sim` command. The package ships its TypeScript sources (the app, vitest and tsc read them as they are),
// so the command bundles src/main.ts with esbuild in memory (a few tens of milliseconds) and runs that: no build
// step after `npm ci`, and never a stale build.
'use strict';
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { buildSync } = require('esbuild');

const entry = join(__dirname, '..', 'src', 'main.ts');
const { outputFiles } = buildSync({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  packages: 'external',
  write: false,
  logLevel: 'error',
});
// Compiled as if it were a file beside the sources, so its own require() calls resolve from the package.
const filename = join(dirname(entry), 'main.bundled.cjs');
const bundled = new Module(filename, module);
bundled.filename = filename;
bundled.paths = Module._nodeModulePaths(dirname(filename));
bundled._compile(outputFiles[0].text, filename);
