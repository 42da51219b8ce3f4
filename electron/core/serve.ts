// The headless shell: core + gateway process + admin API + the built renderer, on loopback.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startAdminServer, type AdminServer } from './api/http-bridge';
import { replicaRoutes } from './api/index';
import { ReplicaLogIngest } from './replica/log-ingest';
import { ReplicaHub } from './replica/replica-hub';
import { logDownload } from './logs/log-explorer';
import { startCore, type Core } from './core';
import { forkLauncher } from './gateway/fork-launcher';
import { gatewayScale } from './gateway/shared-state/scale-options';
import { startDemoStack } from './demo/demo-stack';
import { removeInstance, writeInstance } from './instance-file';
import { keepServingOnUncaughtErrors } from './last-resort';
import { VERSION } from './version';

export interface ServeOptions {
  dataDir: string;
  host?: string;
  port?: number;
  uiPort?: number;
  masterKey?: string;
  /** A LiteLLM config.yaml applied at start. */
  configPath?: string;
  /** Simulated engines, model groups, a demo key and background traffic (no Docker, no GPU). */
  demo?: boolean;
  /** Keep the gateway's rate limits, budget holds and cooldowns in this Redis (redis://…), shared with workers and replicas. */
  redisUrl?: string;
  /** Gateway processes on the one gateway port (more than 1 needs redisUrl). */
  gatewayWorkers?: number;
  /** The folder holding gateway.cjs (the bundled gateway entry) and ../renderer. */
  bundleDir: string;
  log: (line: string) => void;
}

export interface RunningServer {
  core: Core;
  admin: AdminServer;
  uiUrl: string;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const scale = gatewayScale(options.redisUrl, options.gatewayWorkers);
  const overrides = {
    ...(options.host ? { gatewayHost: options.host } : {}),
    ...(options.port !== undefined ? { gatewayPort: options.port } : {}),
    ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
  };
  const core = await startCore({
    dataDir: options.dataDir,
    shell: 'headless',
    launchGateway: forkLauncher(join(options.bundleDir, 'gateway.cjs'), scale.env),
    masterKey: options.masterKey,
    overrides,
    log: options.log,
    configPath: options.configPath,
  });
  const token = randomBytes(24).toString('base64url');
  const rendererDir = join(options.bundleDir, '..', 'renderer');
  const replicaHub = new ReplicaHub(core.store, core.secrets, core.changes);
  let admin: AdminServer;
  try {
    admin = await startAdminServer({
      handlers: core.handlers,
      events: core.events,
      token,
      host: '127.0.0.1',
      port: core.settings().uiPort,
      rendererDir: existsSync(rendererDir) ? rendererDir : null,
      downloads: { 'logs.download': logDownload(core.store) },
      replicas: replicaRoutes(core.store, replicaHub, new ReplicaLogIngest(core.store, core.changes)),
    });
  } catch (err) {
    await core.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `UI port ${core.settings().uiPort} is already in use: pass --ui-port with a free port (or stop the other Switchyard).`
        : `The admin API could not listen: ${String(err)}`,
    );
  }
  const demo = options.demo ? await startDemoStack(core.store) : null;
  if (demo) {
    core.changes.publish({ kind: 'routing' }); // the demo's engines and groups (the reload reads its key too)
    demo.startTraffic(core.gateway.current().url);
  }
  const uiUrl = `${admin.url}/#token=${token}`;
  writeInstance(options.dataDir, {
    pid: process.pid,
    version: VERSION,
    adminUrl: admin.url,
    adminToken: token,
    gatewayUrl: core.gateway.current().url,
    startedAt: new Date().toISOString(),
  });
  if (core.generatedMasterKey) {
    options.log(`master key (shown once, stored only as a hash): ${core.generatedMasterKey}`);
  }
  const gateway = core.gateway.current();
  if (scale.redisUrl)
    options.log(`gateway state shared through Redis; ${scale.workers} gateway worker(s) on the gateway port`);
  if (gateway.state === 'up') options.log(`gateway listening on ${gateway.url}`);
  else options.log(`gateway not listening: ${gateway.lastExit ?? gateway.state}`);
  options.log(`ui listening on ${uiUrl}`);
  if (demo) {
    options.log(
      `demo: ${demo.sims.length} simulated engines; model groups chat (falls back to chat-large), chat-large, embed`,
    );
    options.log(`demo key (shown once): ${demo.key}`);
  }

  // Once up, one request's uncaught error must never end the admin API, the gateway's parent and the engines.
  const stopSafetyNet = keepServingOnUncaughtErrors('serve', (line) => console.error(line));

  return {
    core,
    admin,
    uiUrl,
    async close() {
      stopSafetyNet();
      replicaHub.close();
      await admin.close();
      await core.close();
      await demo?.close();
      removeInstance(options.dataDir, process.pid);
    },
  };
}
