// A minimal ustar writer, enough to hand Docker a build context as a stream (no dependency):
// regular files (streamed from disk or given in memory) and directories.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export type TarEntry =
  | { type: 'file'; name: string; mode: number; size: number; source: string | Buffer }
  | { type: 'dir'; name: string; mode: number };

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A 512-byte ustar header; names over 100 bytes are split into prefix and name at a slash. */
export function tarHeader(entry: TarEntry, mtime = Math.floor(Date.now() / 1000)): Buffer {
  const h = Buffer.alloc(512);
  let name = entry.type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    if (cut <= 0 || cut > 155 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`path too long for a tar header: ${name}`);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  h.write(octal(entry.mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(entry.type === 'file' ? entry.size : 0, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum placeholder: spaces
  h.write(entry.type === 'file' ? '0' : '5', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

async function* chunks(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    yield tarHeader(entry);
    if (entry.type !== 'file') continue;
    let written = 0;
    if (Buffer.isBuffer(entry.source)) {
      yield entry.source;
      written = entry.source.length;
    } else {
      for await (const chunk of createReadStream(entry.source)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    if (written !== entry.size) throw new Error(`${entry.name} changed size while being archived`);
    const pad = (512 - (written % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024); // two zero blocks end the archive
}

export function tarStream(entries: readonly TarEntry[]): Readable {
  return Readable.from(chunks(entries));
}
