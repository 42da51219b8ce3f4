// `npm test`: Biome (format + lint), the layer rules (dependency-cruiser), type checks of both projects, then every
// vitest suite (unit, store integration on real files, Docker, end to end in Chromium). Prints the plain closing line `N passed, N failed`
// (CI reads it) and exits non-zero when anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders the layer rules cover. */
const LAYERED = ['electron', 'renderer/src', 'shared', 'test', 'bench', 'scripts', 'packages'];

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

let checksFailed = 0; // the format/lint check, the layer rules, the type checks and the build count as one test each
let checks = 0;

// House rules kept by tools: Biome's formatter and linter (biome.json). A violation fails the run.
console.log('\n▶ format and lint (biome check)');
checks += 1;
if (run('npx', ['biome', 'check', '.']) !== 0) {
  checksFailed += 1;
  console.log('  biome: violations (see above; `npx biome check --write .` fixes formatting)');
} else console.log('  biome: formatted and lint-clean');

// Layer rules kept by dependency-cruiser (.dependency-cruiser.cjs): core without Electron, renderer without electron/,
// admin handlers only through api/index, no import cycles (type-only ones included). A violation fails the run.
console.log('\n▶ layer rules (dependency-cruiser)');
checks += 1;
if (run('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', ...LAYERED]) !== 0) {
  checksFailed += 1;
  console.log('  depcruise: layer rule violations (see above)');
} else console.log('  depcruise: no layer rule violations');

for (const project of ['tsconfig.node.json', 'tsconfig.web.json']) {
  checks += 1;
  console.log(`\n▶ type check (${project})`);
  const status = run('npx', ['tsc', '-p', project, '--noEmit']);
  if (status !== 0) checksFailed += 1;
  console.log(status === 0 ? `  ${project}: no type errors` : `  ${project}: type errors (see above)`);
}

// The end-to-end suites run what users run: the built CLI and renderer. Build them fresh.
console.log('\n▶ build');
checks += 1;
if (run('npm', ['run', 'build']) !== 0) checksFailed += 1;

console.log('\n▶ vitest');
const report = join(mkdtempSync(join(tmpdir(), 'switchyard-test-')), 'vitest.json');
const extra = process.argv.slice(2);
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed += 1;
}
passed += checks - checksFailed;
failed += checksFailed;
if (vitestStatus !== 0 && failed === 0) failed = 1;

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed <= checks ? 1 : 0);
