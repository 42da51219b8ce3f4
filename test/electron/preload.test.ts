// The preload: what window.switchyard exposes (exactly the contract, bound to fixed channels,
// never ipcRenderer or the IPC event), and the bundle electron-vite makes of it with the project's
// own config (one file that requires nothing but 'electron', as a sandboxed preload must).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { callNames, eventNames, ipcCallChannel, ipcEventChannel } from '../../shared/contract';
import type { GatewayStatus } from '../../shared/schemas';
import { buildBridge, type IpcRendererLike } from '../../electron/preload/bridge';

const ROOT = join(__dirname, '..', '..');

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, result: `reply from ${channel}` });
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** main → renderer push, with the IpcRendererEvent Electron passes first. */
  push(channel: string, payload: unknown): void {
    const event = { sender: this, senderId: 0, ports: [] };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, payload);
  }
}

const electron = vi.hoisted(() => ({
  exposed: [] as Array<{ key: string; api: unknown }>,
  ipcRenderer: null as unknown,
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push({ key, api }) },
  get ipcRenderer() {
    return electron.ipcRenderer;
  },
}));

describe('window.switchyard', () => {
  it('has one method per contract call and one subscribe per event, nothing else', () => {
    const bridge = buildBridge(new FakeIpcRenderer());
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'events']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...callNames].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...eventNames].sort());
    for (const fn of [...Object.values(bridge.calls), ...Object.values(bridge.events)])
      expect(typeof fn).toBe('function');
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.calls) && Object.isFrozen(bridge.events)).toBe(true);
  });

  it('invokes each call on its own channel with the input as given', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildBridge(ipc);
    const reply = await bridge.calls['hosts.add']({ name: 'gpu-box', endpoint: 'ssh://me@gpu-box' });
    expect(reply).toEqual({ ok: true, result: 'reply from switchyard:call:hosts.add' });
    await bridge.calls['requests.recent']({ limit: 5 });
    expect(ipc.invoked).toEqual([
      { channel: ipcCallChannel('hosts.add'), args: [{ name: 'gpu-box', endpoint: 'ssh://me@gpu-box' }] },
      { channel: 'switchyard:call:requests.recent', args: [{ limit: 5 }] },
    ]);
  });

  it('hands listeners the payload only (never the IPC event) and unsubscribes', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildBridge(ipc);
    const seen: unknown[][] = [];
    const status = {
      state: 'up',
      url: 'http://127.0.0.1:4000',
      pid: 1,
      restarts: 0,
      lastExit: null,
      since: 'now',
    } as GatewayStatus;
    const unsubscribe = bridge.events['gateway.status']((...args: unknown[]) => seen.push(args));
    ipc.push(ipcEventChannel('gateway.status'), status);
    ipc.push(ipcEventChannel('keys.changed'), { count: 3 });
    expect(seen).toEqual([[status]]);
    unsubscribe();
    ipc.push(ipcEventChannel('gateway.status'), status);
    expect(seen).toHaveLength(1);
    expect(ipc.listeners.get(ipcEventChannel('gateway.status'))?.size).toBe(0);
    expect(() => bridge.events['keys.changed']('not a function' as never)).toThrow(TypeError);
  });

  it('is what the preload exposes, under the name the renderer reads', async () => {
    electron.ipcRenderer = new FakeIpcRenderer();
    await import('../../electron/preload/index');
    expect(electron.exposed).toHaveLength(1);
    const [{ key, api }] = electron.exposed;
    expect(key).toBe('switchyard');
    expect(Object.keys((api as { calls: object }).calls).sort()).toEqual([...callNames].sort());
    expect(JSON.stringify(Object.keys(api as object))).not.toMatch(/ipc|invoke|send/i);
  });
});

describe('preload bundle', () => {
  it('is one CommonJS file that requires only electron (sandbox-compatible)', async () => {
    const { resolveConfig } = await import('electron-vite');
    const { build } = await import('vite');
    const { config } = await resolveConfig(
      { configFile: join(ROOT, 'electron.vite.config.ts') },
      'build',
      'production',
    );
    const preload = config?.preload;
    expect(preload, 'electron.vite.config.ts has no preload build').toBeTruthy();
    const outDir = mkdtempSync(join(tmpdir(), 'switchyard-preload-'));
    try {
      await build({
        ...preload,
        root: ROOT,
        configFile: false,
        logLevel: 'error',
        build: { ...preload!.build, outDir, emptyOutDir: true },
      });
      const code = readFileSync(join(outDir, 'index.js'), 'utf8');
      const required = [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))];
      expect(required, `the sandboxed preload can only require 'electron'; bundle the rest`).toEqual(['electron']);
      expect(code).not.toMatch(/^\s*import\s/m);
      expect(code).not.toMatch(/\bimport\(/);
      expect(code).toContain('exposeInMainWorld');
      expect(code).toContain('switchyard:call:');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
