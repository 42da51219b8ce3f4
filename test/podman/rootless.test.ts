// Rootless Podman as an engine: `podman system service` run by a non-root user under its own
// XDG_RUNTIME_DIR, added as a unix:// host. Its facts say rootless; the simulator is deployed
// through it. Where the user's containers can get a network (slirp4netns/pasta open /dev/net/tun)
// the deployment becomes ready, answers, logs and stops; where this machine lacks what rootless
// containers need (/dev/mqueue at create, /dev/net/tun at start), the deployment fails with the call
// Podman refused and the reason in words (the test's title says which case this machine is).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeNotice } from '../../electron/core/changes';
import { systemClock } from '../../electron/core/clock';
import { probeEngine } from '../../electron/core/docker/engine-probe';
import { DeploymentService } from '../../electron/core/docker/service';
import { EventBus } from '../../electron/core/events';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';
import { ensureSimImage } from '../docker/support';
import { IN_CI } from '../support/requirements';
import {
  ensureRootlessUser,
  type RootlessService,
  rootlessContainerProblems,
  rootlessSetupProblem,
  startRootlessService,
  loadSimImage,
} from './rootless-service';

const IMAGE = 'localhost/switchyard/vllm-sim:dev';
const setupProblem = rootlessSetupProblem();
if (setupProblem && IN_CI) throw new Error(`Rootless Podman is required under CI=true: ${setupProblem}`);
if (setupProblem) console.warn(`[skip] rootless Podman suite skipped: ${setupProblem}`);
if (!setupProblem) ensureRootlessUser();
const problems = setupProblem ? [] : rootlessContainerProblems();
const first = problems[0];

describe.runIf(!setupProblem)('rootless Podman as an engine (a non-root user’s podman system service)', () => {
  let podman: RootlessService;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-rootless-'));
  const store = Store.open(dir);
  const events = new EventBus();
  let service: DeploymentService;
  let hostId = '';
  const name = `rootless-${process.pid}`;

  beforeAll(async () => {
    const { runtimeDir } = ensureRootlessUser();
    loadSimImage(runtimeDir, await ensureSimImage(), IMAGE);
    podman = await startRootlessService(runtimeDir);
    hostId = store.hosts.add('rootless-podman', podman.endpoint).id;
    service = new DeploymentService({
      store,
      events,
      changes: new ChangeNotice(store, events),
      clock: systemClock,
      secrets: secretBox(loadDataKey(dir)),
      lifecycle: { pollMs: 200, readyTimeoutMs: 60_000 },
    });
    await service.start();
  }, 240_000);

  afterAll(async () => {
    await service?.removeDeployment(name).catch(() => false);
    service?.close();
    await podman?.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers as a rootless engine', async () => {
    const status = await probeEngine(podman.endpoint);
    expect(status, status.problem ?? '').toMatchObject({ reachable: true, problem: null });
    expect(podman.cli("info --format '{{.Host.Security.Rootless}}'").trim()).toBe('true');
  }, 60_000);

  it.runIf(!first)(
    'deploys the simulator: ready, answers, logs, events, stop',
    async () => {
      const seen: string[] = [];
      events.on('deployments.progress', (p) => seen.push(p.phase));
      const row = await service.create({
        name,
        hostId,
        model: 'Qwen/Qwen3-0.6B',
        image: IMAGE,
        gpus: { kind: 'none' },
      });
      const final = await service.whenSettled(name);
      expect(final?.phase, final?.reason ?? '').toBe('ready');
      expect((await fetch(`http://127.0.0.1:${row.port}/health`)).status).toBe(200);
      expect((await service.logs(name, 50)).length).toBeGreaterThan(0);
      await service.stopDeployment(name);
      expect(store.deployments.getByName(name)?.state).toBe('stopped');
      expect(seen).toContain('starting');
    },
    120_000,
  );

  it.runIf(Boolean(first))(
    `is refused here (${problems.map((p) => p.problem).join('; ')}): the deployment names the call Podman refused and why`,
    async () => {
      await service.create({ name, hostId, model: 'Qwen/Qwen3-0.6B', image: IMAGE, gpus: { kind: 'none' } });
      const final = await service.whenSettled(name);
      console.log(`[podman] rootless deployment: ${final?.phase}: ${final?.reason}\n  evidence: ${final?.evidence}`);
      expect(final?.phase).toBe('failed');
      if (first?.call === 'create') {
        expect(final?.evidence).toMatch(/^POST \/containers\/create refused: .*\/dev\/mqueue/);
        expect(final?.reason).toMatch(
          /^Rootless Podman could not create the container: this machine has no \/dev\/mqueue/,
        );
      } else {
        expect(final?.evidence).toMatch(/^POST \/containers\/\S+\/start refused:/);
        expect(final?.reason).toMatch(/^Rootless Podman could not give the container its network: .*\/dev\/net\/tun/);
      }
      expect(store.deployments.getByName(name)?.stateReason).toBe(final?.reason);
    },
    120_000,
  );
});
