// electron-builder.yml (never run here: it needs Electron's binaries) checked against
// electron-builder's own schema and for what the app needs: the three OS targets, native add-ons
// outside the asar, the Electron-ABI SQLite build shipped, and icons that are real PNGs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(path: string): { width: number; height: number } {
  const data = readFileSync(path);
  expect(
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    `${path} is not a PNG`,
  ).toBe(true);
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's configuration schema", async () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...structuredClone(config), sandboxx: true }, new DebugLogger(false)),
    ).rejects.toThrow(/unknown property 'sandboxx'/);
  });

  it('names the app and targets AppImage + deb, dmg and nsis', () => {
    expect(config.appId).toBe('dev.switchyard.app');
    expect(config.productName).toBe('Switchyard');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packs the built bundles and unpacks native add-ons', () => {
    expect(config.files).toContain('out/**');
    expect(config.asarUnpack).toContain('**/*.node');
    // node_modules keeps its Node build; the Electron-ABI one comes from out/native (see start.mjs).
    expect(config.npmRebuild).toBe(false);
    const native = config.extraResources.find((r: { to?: string }) => r.to === 'native');
    expect(native).toMatchObject({ from: 'out/native/${platform}-${arch}', filter: ['better_sqlite3.node'] });
    expect(config.extraResources.find((r: { from?: string }) => r.from === 'resources')).toMatchObject({
      to: 'resources',
    });
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('points at icons that exist at the sizes installers want', () => {
    expect(pngSize(join(ROOT, config.mac.icon))).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(join(ROOT, config.win.icon)).width).toBeGreaterThanOrEqual(256);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, config.linux.icon, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    for (const [file, size] of [
      ['tray.png', 16],
      ['tray@2x.png', 32],
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      expect(pngSize(join(ROOT, 'resources', 'icons', file))).toEqual({ width: size, height: size });
    }
    expect(existsSync(join(ROOT, 'resources', 'icons', 'icon.svg'))).toBe(true);
  });
});
