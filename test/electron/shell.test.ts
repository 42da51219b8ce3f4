// The rest of the desktop glue, on fakes of the Electron pieces it adapts: the gateway's utility
// process launcher (as the core's supervisor drives it), the safeStorage keychain, and the tray's
// gateway status.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayStatus } from '../../shared/schemas';
import { GatewaySupervisor } from '../../electron/core/gateway/supervisor';
import { utilityProcessLauncher, type ForkUtilityProcess } from '../../electron/main/gateway-launcher';
import { Keychain, KeychainUnavailableError, type SafeStorageLike } from '../../electron/main/keychain';

const electron = vi.hoisted(() => {
  const trays: Array<{ image: unknown; tooltip: string; menus: unknown[][]; destroyed: boolean }> = [];
  class Tray {
    tooltip = '';
    menus: unknown[][] = [];
    destroyed = false;
    constructor(readonly image: unknown) {
      trays.push(this);
    }
    on() {}
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: unknown[] }) {
      this.menus.push(menu.template);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    trays,
    module: {
      Tray,
      Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
      nativeImage: { createFromPath: (path: string) => ({ path }) },
    },
  };
});
vi.mock('electron', () => electron.module);

/** A utility process as Electron's fork returns it: pid after spawn, exit code, parentPort messages. */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  readonly posted: unknown[] = [];
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  kill(): boolean {
    this.killed = true;
    setImmediate(() => this.emit('exit', 0));
    return true;
  }
}

describe('gateway utility process launcher', () => {
  function launcherWithFake() {
    const forks: Array<{
      modulePath: string;
      args: string[];
      options: Record<string, unknown>;
      child: FakeUtilityProcess;
    }> = [];
    const fork = ((modulePath: string, args: string[], options: unknown) => {
      const child = new FakeUtilityProcess();
      forks.push({ modulePath, args, options: options as Record<string, unknown>, child });
      return child;
    }) as unknown as ForkUtilityProcess;
    return { forks, launch: utilityProcessLauncher('/app/out/main/gateway.js', fork) };
  }

  it('forks the bundled gateway entry as a named, piped utility process with our env plus its own', () => {
    const { forks, launch } = launcherWithFake();
    process.env.SWITCHYARD_TEST_INHERITED = 'yes';
    launch({ env: { SWITCHYARD_GATEWAY_PORT: '4555' } });
    delete process.env.SWITCHYARD_TEST_INHERITED;
    expect(forks).toHaveLength(1);
    const [{ modulePath, args, options }] = forks;
    expect(modulePath).toBe('/app/out/main/gateway.js');
    expect(args).toEqual([]);
    expect(options.serviceName).toBe('Switchyard gateway');
    expect(options.stdio).toBe('pipe');
    expect(options.env).toMatchObject({ SWITCHYARD_GATEWAY_PORT: '4555', SWITCHYARD_TEST_INHERITED: 'yes' });
  });

  it('reports pid, messages and exit codes, and kills, as the supervisor expects', () => {
    const { forks, launch } = launcherWithFake();
    const child = launch({ env: {} });
    const { child: utility } = forks[0];
    expect(child.pid).toBeNull();
    utility.pid = 4321;
    expect(child.pid).toBe(4321);
    const messages: unknown[] = [];
    const exits: Array<number | null> = [];
    child.on('message', (m) => messages.push(m));
    child.on('exit', (code) => exits.push(code));
    utility.emit('message', { type: 'listening', url: 'http://127.0.0.1:4555' });
    utility.emit('exit', 3);
    expect(messages).toEqual([{ type: 'listening', url: 'http://127.0.0.1:4555' }]);
    expect(exits).toEqual([3]);
    child.kill();
    expect(utility.killed).toBe(true);
  });

  it('holds messages until the process has spawned and drops them once it has exited', () => {
    const { forks, launch } = launcherWithFake();
    const child = launch({ env: {} });
    const { child: utility } = forks[0];
    child.send({ type: 'reload' });
    expect(utility.posted).toEqual([]);
    utility.emit('spawn');
    expect(utility.posted).toEqual([{ type: 'reload' }]);
    child.send({ type: 'reload' });
    expect(utility.posted).toHaveLength(2);
    utility.emit('exit', 0);
    child.send({ type: 'reload' });
    expect(utility.posted).toHaveLength(2);
  });

  it('drains the piped output into ours', async () => {
    const { forks, launch } = launcherWithFake();
    launch({ env: {} });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    forks[0].child.stdout.write('[gateway] hello\n');
    await new Promise((r) => setImmediate(r));
    expect(write.mock.calls.map((c) => String(c[0]))).toContain('[gateway] hello\n');
    write.mockRestore();
  });

  it('lets the core supervisor bring the gateway up and restart it after a crash', async () => {
    const { forks, launch } = launcherWithFake();
    const statuses: GatewayStatus[] = [];
    const supervisor = new GatewaySupervisor(launch, { host: '127.0.0.1', port: 4555, dataDir: '/tmp/x' }, (s) =>
      statuses.push(s),
    );
    supervisor.start();
    forks[0].child.emit('message', { type: 'listening', url: 'http://127.0.0.1:4555' });
    expect(supervisor.current().state).toBe('up');
    forks[0].child.emit('exit', 1);
    expect(supervisor.current().state).toBe('restarting');
    await vi.waitFor(() => expect(forks).toHaveLength(2), { timeout: 2_000 });
    expect(forks[1].options.env).toMatchObject({ SWITCHYARD_GATEWAY_PORT: '4555' });
    const stopping = supervisor.stop();
    expect(forks[1].child.killed).toBe(true);
    await stopping;
    expect(supervisor.current().state).toBe('stopped');
  });
});

describe('keychain', () => {
  /** safeStorage's shape; "encrypts" by XOR so a test can see the plaintext is not stored. */
  function fakeSafeStorage(
    available = true,
    backend: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> = 'gnome_libsecret',
  ): SafeStorageLike {
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    return {
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
      encryptString: (plain: string) => xor(Buffer.from(plain, 'utf8')),
      decryptString: (sealed: Buffer) => {
        if (sealed.length === 0)
          throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return xor(sealed).toString('utf8');
      },
    };
  }

  it('round-trips a secret through a string that does not contain it', () => {
    const keychain = new Keychain(fakeSafeStorage(), 'linux');
    const sealed = keychain.encrypt('sk-live-provider-secret');
    expect(sealed).toMatch(/^safestorage:v1:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('sk-live');
    expect(keychain.decrypt(sealed)).toBe('sk-live-provider-secret');
  });

  it('refuses when the OS offers no real encryption (Linux basic_text)', () => {
    expect(() => new Keychain(fakeSafeStorage(true, 'basic_text'), 'linux').encrypt('x')).toThrow(
      KeychainUnavailableError,
    );
    expect(() => new Keychain(fakeSafeStorage(false), 'darwin').encrypt('x')).toThrow(/keychain is not available/);
    expect(new Keychain(fakeSafeStorage(true, 'basic_text'), 'darwin').status()).toEqual({ available: true });
  });

  it("wraps the core's data key, and still reads a bare one", () => {
    const wrapper = new Keychain(fakeSafeStorage(), 'linux').keyWrapper();
    const key = Buffer.alloc(32, 7);
    const stored = wrapper.wrap(key);
    expect(stored.includes(key)).toBe(false);
    expect(wrapper.unwrap(stored).equals(key)).toBe(true);
    expect(wrapper.unwrap(key).equals(key)).toBe(true);
  });

  it('explains secrets it cannot open', () => {
    const keychain = new Keychain(fakeSafeStorage(), 'linux');
    expect(() => keychain.decrypt('plain-text')).toThrow(/unknown format/);
    expect(() => keychain.decrypt('safestorage:v1:')).toThrow(/could not be decrypted.*enter it again/);
  });
});

describe('tray', () => {
  const status = (change: Partial<GatewayStatus>): GatewayStatus => ({
    state: 'up',
    url: 'http://127.0.0.1:4000',
    pid: 7,
    restarts: 0,
    lastExit: null,
    since: '2025-01-01T00:00:00.000Z',
    ...change,
  });

  it('says what the gateway is doing in one line', async () => {
    const { gatewayStatusLine } = await import('../../electron/main/tray');
    expect(gatewayStatusLine(status({}))).toBe('Gateway running at http://127.0.0.1:4000');
    expect(gatewayStatusLine(status({ state: 'starting' }))).toBe('Gateway starting on http://127.0.0.1:4000…');
    expect(gatewayStatusLine(status({ state: 'restarting', restarts: 2 }))).toBe('Gateway restarting (restart 2)…');
    expect(gatewayStatusLine(status({ state: 'stopped' }))).toBe('Gateway stopped');
    const failed = gatewayStatusLine(
      status({ state: 'failed', lastExit: `Port 4000 on 127.0.0.1 is already in use: ${'x'.repeat(200)}` }),
    );
    expect(failed.startsWith('Gateway failed: Port 4000 on 127.0.0.1 is already in use')).toBe(true);
    expect(failed.length).toBeLessThanOrEqual('Gateway failed: '.length + 80);
  });

  it('updates its label and menu from status changes; Open and Quit call the shell', async () => {
    const { StatusTray } = await import('../../electron/main/tray');
    const actions = { open: vi.fn(), quit: vi.fn() };
    const tray = new StatusTray('/res/icons', status({ state: 'starting' }), actions);
    const fake = electron.trays.at(-1)!;
    expect(fake.image).toEqual({
      path: process.platform === 'darwin' ? '/res/icons/trayTemplate.png' : '/res/icons/tray.png',
    });
    expect(fake.tooltip).toBe('Switchyard — Gateway starting on http://127.0.0.1:4000…');

    tray.update(status({ state: 'up' }));
    expect(fake.tooltip).toBe('Switchyard — Gateway running at http://127.0.0.1:4000');
    const menu = fake.menus.at(-1) as Array<{ id?: string; label?: string; enabled?: boolean; click?: () => void }>;
    expect(menu.find((i) => i.id === 'gateway-status')).toMatchObject({
      label: 'Gateway running at http://127.0.0.1:4000',
      enabled: false,
    });
    menu.find((i) => i.id === 'open')!.click!();
    menu.find((i) => i.id === 'quit')!.click!();
    expect(actions.open).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
    tray.destroy();
    expect(fake.destroyed).toBe(true);
  });
});
