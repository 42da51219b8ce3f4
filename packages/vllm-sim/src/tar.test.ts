import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { tarHeader, tarStream } from './tar';

const dir = mkdtempSync(join(tmpdir(), 'sim-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tar writer', () => {
  it('writes an archive that GNU tar lists and extracts byte for byte', async () => {
    const onDisk = join(dir, 'payload.bin');
    const payload = Buffer.alloc(1500, 7);
    writeFileSync(onDisk, payload);
    const longName = `rootfs/${'deep/'.repeat(25)}lib.so`;
    const archive = await buffer(
      tarStream([
        { type: 'dir', name: 'rootfs', mode: 0o755 },
        { type: 'dir', name: 'rootfs/tmp', mode: 0o1777 },
        { type: 'file', name: 'rootfs/app/hello.txt', mode: 0o644, size: 5, source: Buffer.from('hello') },
        { type: 'file', name: 'rootfs/usr/bin/tool', mode: 0o755, size: payload.length, source: onDisk },
        { type: 'file', name: longName, mode: 0o644, size: 2, source: Buffer.from('ok') },
      ]),
    );
    expect(archive.length % 512).toBe(0);
    const tarFile = join(dir, 'out.tar');
    writeFileSync(tarFile, archive);
    const listing = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['rootfs/', 'rootfs/tmp/', 'rootfs/app/hello.txt', 'rootfs/usr/bin/tool', longName]);
    const out = join(dir, 'x');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', tarFile, '-C', out]);
    expect(readFileSync(join(out, 'rootfs/app/hello.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(out, 'rootfs/usr/bin/tool')).equals(payload)).toBe(true);
    expect(statSync(join(out, 'rootfs/usr/bin/tool')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(out, longName), 'utf8')).toBe('ok');
  });

  it('fills the header checksum as the sum of its bytes with the field as spaces', () => {
    const h = tarHeader({ type: 'file', name: 'a', mode: 0o644, size: 1, source: Buffer.from('x') }, 0);
    const stored = Number.parseInt(h.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    expect(stored).toBe(copy.reduce((a, b) => a + b, 0));
  });

  it('fails when a file changes size while it is archived', async () => {
    const f = join(dir, 'shrinks');
    writeFileSync(f, 'abc');
    await expect(buffer(tarStream([{ type: 'file', name: 'f', mode: 0o644, size: 10, source: f }]))).rejects.toThrow(
      /changed size/,
    );
  });
});
