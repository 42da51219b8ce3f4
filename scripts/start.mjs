#!/usr/bin/env node
// `npm start`: launches the desktop app, or — where Electron cannot start — says why in one line
// and serves the same UI headless (`switchyard serve`, which prints its URL). Arguments after
// `npm start --` go to whichever runs.
//
// Electron needs three things this checkout may lack: a display (Linux), its binary (npm install
// skips the download; it is fetched here on first start), and a build of better-sqlite3 for
// Electron's ABI (node_modules holds the Node build the CLI and tests use; the Electron one is
// made beside it, in out/native, and handed to the app as SWITCHYARD_SQLITE_BINDING).
//
//   node scripts/start.mjs [ARGS…]             start (desktop, else headless)
//   node scripts/start.mjs --prepare-native    only fetch Electron and build out/native (before `electron-builder`)
//   SWITCHYARD_HEADLESS=1 npm start            always headless
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Why no window can be shown on this machine, or null. Linux and the BSDs need X11 or Wayland. */
export function displayProblem(platform = process.platform, env = process.env) {
  if (platform === 'darwin' || platform === 'win32') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no display';
}

/** The Electron executable of this checkout, or null when its binary has not been downloaded. */
export function electronExecutable(root = ROOT) {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const executable = join(dir, 'dist', relative);
    return relative && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/** The outputs `npm run build` makes that either path needs. */
export function missingBuildOutputs(root = ROOT) {
  return [
    'out/main/index.js',
    'out/main/gateway.js',
    'out/preload/index.js',
    'out/renderer/index.html',
    'out/cli/switchyard.cjs',
  ].filter((file) => !existsSync(join(root, file)));
}

/** One short reason from a failed tool's output: a network failure, else its first error, else its last line. */
export function failureReason(output) {
  const text = String(output);
  const network = text.match(
    /getaddrinfo \w+ [\w.-]+|(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)(?: [\w.:-]+)?|fetch failed|network connectivity/i,
  );
  if (network) return `network unreachable: ${network[0]}`;
  const error = text.match(/\b\w*Error: (.+)/) ?? text.match(/ERR! (.+)/);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (error?.[1] ?? lines.at(-1) ?? 'no output').trim().slice(0, 160);
}

/** Splits our own flags from those passed through to Electron or `switchyard serve`. */
export function parseArgs(argv) {
  const passThrough = [];
  let prepareNative = false;
  let dataDir = null;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--prepare-native') {
      prepareNative = true;
      continue;
    }
    if (argv[i] === '--data-dir' && i + 1 < argv.length) dataDir = argv[i + 1];
    else if (argv[i].startsWith('--data-dir=')) dataDir = argv[i].slice('--data-dir='.length);
    passThrough.push(argv[i]);
  }
  return { prepareNative, dataDir, passThrough };
}

function electronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Runs node on a script, output captured; resolves { ok, output }. */
function runNode(args, options = {}) {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
  };
}

/** Downloads the Electron binary (npm install skipped it). Returns null or why it failed. */
export function fetchElectron(root = ROOT) {
  if (electronExecutable(root)) return null;
  console.log(`Downloading Electron ${electronVersion(root)} (first start only)…`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD; // install.js does nothing while it is set
  const { ok, output } = runNode([join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: join(root, 'node_modules', 'electron'),
    env,
  });
  if (ok && electronExecutable(root)) return null;
  return `its binary could not be downloaded: ${failureReason(output)}`;
}

export function nativeDir(root = ROOT, platform = process.platform, arch = process.arch) {
  return join(root, 'out', 'native', `${platform}-${arch}`);
}

/**
 * Builds better-sqlite3 for this Electron in out/native/<platform>-<arch>/better_sqlite3.node,
 * from a copy of the package so node_modules keeps its Node build: a prebuilt binary if one
 * downloads, else node-gyp against Electron's headers. Returns { binding } or { problem }.
 */
export function prepareElectronSqlite(root = ROOT, platform = process.platform, arch = process.arch) {
  const version = electronVersion(root);
  const packageDir = join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  const outDir = nativeDir(root, platform, arch);
  const binding = join(outDir, 'better_sqlite3.node');
  const stampFile = join(outDir, 'stamp.json');
  const stamp = JSON.stringify({ electron: version, betterSqlite3: sqliteVersion });
  if (existsSync(binding) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp)
    return { binding };

  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (first start only)…`);
  const work = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps'])
      cpSync(join(packageDir, entry), join(work, entry), { recursive: true });
    const requireFromPackage = createRequire(join(packageDir, 'package.json'));
    const target = [`--runtime=electron`, `--target=${version}`, `--arch=${arch}`];

    const prebuilt = runNode(
      [requireFromPackage.resolve('prebuild-install/bin.js'), ...target, `--platform=${platform}`],
      { cwd: work },
    );
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    let why = `no prebuilt binary (${failureReason(prebuilt.output)})`;
    if (!prebuilt.ok || !existsSync(built)) {
      const nodeGyp = [
        process.env.npm_config_node_gyp,
        join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      ].find((p) => p && existsSync(p));
      if (!nodeGyp) return { problem: `no Electron build of better-sqlite3: ${why}, and node-gyp was not found` };
      const compiled = runNode(
        [nodeGyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'],
        { cwd: work },
      );
      if (!compiled.ok || !existsSync(built)) {
        why = `${why}; compiling it failed (${failureReason(compiled.output)})`;
        return { problem: `no Electron build of better-sqlite3: ${why}` };
      }
    }
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, binding);
    writeFileSync(stampFile, `${stamp}\n`);
    return { binding };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs a child with our stdio, passing Ctrl-C / SIGTERM on, and exits with its status. */
function runAndExit(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', env, cwd: ROOT });
  const forward = (signal) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  child.on('error', (err) => {
    console.error(`Could not run ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function main() {
  const { prepareNative, dataDir, passThrough } = parseArgs(process.argv.slice(2));

  if (prepareNative) {
    const problem = fetchElectron() ?? prepareElectronSqlite().problem ?? null;
    if (problem) {
      console.error(`Cannot prepare the desktop build: ${problem}`);
      process.exit(1);
    }
    console.log(`Electron build of better-sqlite3 ready in ${nativeDir()}`);
    return;
  }

  if (missingBuildOutputs().length > 0) {
    const build = spawnSync('npm', ['run', 'build'], {
      stdio: 'inherit',
      cwd: ROOT,
      shell: process.platform === 'win32',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  let problem = process.env.SWITCHYARD_HEADLESS === '1' ? 'SWITCHYARD_HEADLESS=1' : displayProblem();
  problem ??= fetchElectron();
  let binding = null;
  if (!problem) {
    const native = prepareElectronSqlite();
    problem = native.problem ?? null;
    binding = native.binding ?? null;
  }

  if (problem) {
    console.log(`Electron cannot start here (${problem}): serving the UI headless instead`);
    runAndExit(process.execPath, [join(ROOT, 'out', 'cli', 'switchyard.cjs'), 'serve', ...passThrough], process.env);
    return;
  }

  const env = { ...process.env, SWITCHYARD_SQLITE_BINDING: binding };
  delete env.ELECTRON_RUN_AS_NODE; // set by some parents (e.g. VS Code tasks); Electron would act as plain Node
  if (dataDir) env.SWITCHYARD_DATA_DIR = resolve(dataDir);
  runAndExit(electronExecutable(), [ROOT, ...passThrough], env);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
