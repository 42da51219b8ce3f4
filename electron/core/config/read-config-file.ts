// Reading a config file a person named (config.importLitellm, `switchyard import`, `serve
// --config`, and the `include:` files of a config): regular files only, at most 4 MiB. Reading
// /dev/zero once grew the core to ~16 GB while the event loop stood still; a FIFO would block
// the open itself, so the file is opened non-blocking and checked before a byte is read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export const MAX_CONFIG_FILE_BYTES = 4 * 1024 * 1024;

export class ConfigFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-found' | 'not-a-file' | 'too-large' | 'unreadable',
  ) {
    super(message);
    this.name = 'ConfigFileError';
  }
}

function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function check(path: string, stats: import('node:fs').Stats): void {
  if (!stats.isFile())
    throw new ConfigFileError(
      `${path} is ${kindOf(stats)}: name a LiteLLM config.yaml file (a regular file of at most 4 MiB).`,
      'not-a-file',
    );
  if (stats.size > MAX_CONFIG_FILE_BYTES)
    throw new ConfigFileError(
      `${path} is ${(stats.size / 1024 / 1024).toFixed(1)} MiB; a config file may be at most 4 MiB. Check it is the right file.`,
      'too-large',
    );
}

/** The file's text; throws ConfigFileError with a message that says what to do. */
export function readConfigFile(path: string): string {
  let fd: number;
  try {
    // stat before open: opening a FIFO or some devices has effects (or blocks) of its own.
    check(path, statSync(path));
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (err instanceof ConfigFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ConfigFileError(`Cannot read ${path}: ENOENT, no such file; check the path.`, 'not-found');
    throw new ConfigFileError(
      `Cannot read ${path}: ${code ?? (err as Error).message}; check its permissions.`,
      'unreadable',
    );
  }
  try {
    // Again on the open file: the path may have been swapped between the stat and the open.
    check(path, fstatSync(fd));
    // Read one byte past the limit, so a file that grows while it is read is still refused.
    const buffer = Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CONFIG_FILE_BYTES)
      throw new ConfigFileError(
        `${path} grew past 4 MiB while it was read: a config file may be at most 4 MiB.`,
        'too-large',
      );
    return buffer.subarray(0, length).toString('utf8');
  } catch (err) {
    if (err instanceof ConfigFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(`Cannot read ${path}: ${code ?? (err as Error).message}.`, 'unreadable');
  } finally {
    closeSync(fd);
  }
}
