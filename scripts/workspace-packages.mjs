// An esbuild plugin for the bundles that keep npm dependencies external (`packages: 'external'`): the workspace
// packages under packages/ (vllm-sim) ship TypeScript sources, which node cannot load from node_modules at run
// time, so they are bundled in, resolved through their package.json `exports` as node resolves them.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

/** The names of the workspace packages (packages/<dir>/package.json). */
function workspaceNames() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => JSON.parse(readFileSync(join(root, 'packages', d.name, 'package.json'), 'utf8')).name);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @type {import('esbuild').Plugin} */
export const workspacePackages = {
  name: 'workspace-packages',
  setup(build) {
    const filter = new RegExp(`^(${workspaceNames().map(escapeRegExp).join('|')})(/|$)`);
    build.onResolve({ filter }, (args) => ({ path: require.resolve(args.path) }));
  },
};
