// Builds the switchyard/vllm-sim image with no registry: FROM scratch, with this machine's node
// binary, the shared libraries `ldd` lists for it, and the simulator bundled into one file
// (bundled now with esbuild from the sources, or taken from a vllm-sim.cjs beside the running script,
// such as out/cli/vllm-sim.cjs, when esbuild is absent). The build context is streamed to Docker as a tar.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, posix } from 'node:path';
import Docker from 'dockerode';
import { tarStream, type TarEntry } from './tar';

export const SIM_IMAGE_TAG = 'switchyard/vllm-sim:dev';

export interface BuildSimImageOptions {
  tag?: string;
  onProgress?: (line: string) => void;
  /** The Docker engine to build on (default: the local socket). */
  docker?: Docker;
}

/** The folder of the script node was started with, when it is a file. */
function scriptDir(): string | undefined {
  try {
    return process.argv[1] ? dirname(realpathSync(process.argv[1])) : undefined;
  } catch {
    return undefined;
  }
}

function isSimPackage(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'vllm-sim';
  } catch {
    return false;
  }
}

/**
 * This package's folder (its sources, its Dockerfile): found above the working directory, this module or the
 * running script, either as the package itself or as node_modules/vllm-sim of a project that depends on it
 * (the bundled `switchyard` command runs from out/cli, outside the package).
 */
export function findPackageRoot(): string {
  const starts = [process.cwd()];
  if (typeof __dirname === 'string') starts.push(__dirname);
  const script = scriptDir();
  if (script) starts.push(script);
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (isSimPackage(dir)) return dir;
      const installed = join(dir, 'node_modules/vllm-sim');
      if (isSimPackage(installed)) return realpathSync(installed);
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `Cannot find the vllm-sim package (a package.json named "vllm-sim", or node_modules/vllm-sim) above ${starts.join(' or ')}: run this from a checkout that has it installed (npm ci).`,
  );
}

/** The simulator as one CommonJS file with no dependencies. */
async function simulatorBundle(root: string): Promise<Buffer> {
  const entry = join(root, 'src/main.ts');
  if (existsSync(entry)) {
    try {
      const esbuild = await import('esbuild');
      const result = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        target: `node${process.versions.node.split('.')[0]}`,
        legalComments: 'none',
        logLevel: 'silent',
      });
      return Buffer.from(result.outputFiles[0].contents);
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' &&
        (err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND'
      )
        throw err;
    }
  }
  // A prebuilt bundle beside the running script (out/cli/vllm-sim.cjs next to out/cli/switchyard.cjs).
  const prebuilt = join(scriptDir() ?? root, 'vllm-sim.cjs');
  if (existsSync(prebuilt)) return readFileSync(prebuilt);
  throw new Error(
    `No simulator bundle: neither esbuild with ${entry} nor ${prebuilt} is available. Run \`npm run build\` first.`,
  );
}

/** A Linux node binary to put in the image: not Electron's, which is what execPath is in the app. */
function nodeBinary(): string {
  if (process.env.SWITCHYARD_SIM_NODE) return process.env.SWITCHYARD_SIM_NODE;
  if (!process.versions.electron) return process.execPath;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No node binary found on PATH to put in the simulator image: install Node.js 20 or set SWITCHYARD_SIM_NODE.',
  );
}

/** The shared libraries the dynamic loader will need, as ldd resolves them (loader included). */
export function sharedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  } catch (err) {
    const text = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    if (/not a dynamic executable|statically linked/.test(text)) return [];
    throw new Error(`ldd ${binary} failed: ${text.trim() || String(err)}`);
  }
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]);
  }
  return libs;
}

function buildContext(root: string, bundle: Buffer): TarEntry[] {
  if (process.platform !== 'linux') {
    throw new Error(
      `The simulator image carries this machine's node binary, which must be a Linux one (this is ${process.platform}): build it on Linux or in WSL.`,
    );
  }
  const node = nodeBinary();
  const files: TarEntry[] = [];
  const dirs = new Set<string>(['rootfs', 'rootfs/app', 'rootfs/root']);
  const addFile = (imagePath: string, source: string, mode: number) => {
    const name = posix.join('rootfs', imagePath);
    for (let d = posix.dirname(name); d !== 'rootfs' && d !== '.'; d = posix.dirname(d)) dirs.add(d);
    const real = realpathSync(source);
    files.push({ type: 'file', name, mode, size: statSync(real).size, source: real });
  };
  addFile('/usr/bin/node', node, 0o755);
  for (const lib of sharedLibraries(node)) addFile(lib, lib, 0o755);
  const dockerfile = readFileSync(join(root, 'docker/Dockerfile'));
  return [
    { type: 'file', name: 'Dockerfile', mode: 0o644, size: dockerfile.length, source: dockerfile },
    ...[...dirs].sort().map((name): TarEntry => ({ type: 'dir', name, mode: 0o755 })),
    { type: 'dir', name: 'rootfs/tmp', mode: 0o1777 },
    ...files,
    { type: 'file', name: 'rootfs/app/vllm-sim.cjs', mode: 0o644, size: bundle.length, source: bundle },
  ];
}

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Builds switchyard/vllm-sim:dev (or `tag`) on the Docker engine; returns its size in bytes. */
export async function buildSimImage(opts: BuildSimImageOptions = {}): Promise<{ tag: string; bytes: number }> {
  const tag = opts.tag ?? SIM_IMAGE_TAG;
  const docker = opts.docker ?? new Docker();
  const root = findPackageRoot();
  const context = buildContext(root, await simulatorBundle(root));
  const stream = await docker.buildImage(tarStream(context), {
    t: tag,
    forcerm: true,
    labels: { 'switchyard.component': 'vllm-sim' },
  });
  await new Promise<void>((resolve, reject) => {
    let failure: string | null = null;
    docker.modem.followProgress(
      stream,
      (err: Error | null) =>
        err ? reject(err) : failure ? reject(new Error(`Building ${tag} failed: ${failure}`)) : resolve(),
      (event: BuildEvent) => {
        if (event.error) failure = event.errorDetail?.message ?? event.error;
        const text = (event.stream ?? event.status ?? event.error ?? '').trimEnd();
        if (text) for (const line of text.split('\n')) opts.onProgress?.(line);
      },
    );
  });
  const info = await docker.getImage(tag).inspect();
  return { tag, bytes: info.Size };
}
