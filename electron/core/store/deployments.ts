// Deployments: desired state of each engine (the spec) and its last known lifecycle state.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Deployment } from '../../../shared/schemas';
import { DeploymentProgress, DeploymentSpec, type LifecyclePhase } from '../../../shared/deployment-schemas';

type DeploymentRow = {
  id: string;
  name: string;
  host_id: string;
  model: string;
  served_model_name: string;
  image: string;
  state: Deployment['state'];
  state_reason: string | null;
  port: number | null;
  created_at: number;
};

const toDeployment = (r: DeploymentRow): Deployment => ({
  id: r.id,
  name: r.name,
  hostId: r.host_id,
  model: r.model,
  servedModelName: r.served_model_name,
  image: r.image,
  state: r.state,
  stateReason: r.state_reason,
  port: r.port,
  createdAt: new Date(r.created_at).toISOString(),
});

export class DeploymentsRepo {
  constructor(private readonly db: Database.Database) {}

  list(): Deployment[] {
    return (this.db.prepare(`SELECT * FROM deployments ORDER BY created_at, name`).all() as DeploymentRow[]).map(
      toDeployment,
    );
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM deployments`).get() as { n: number }).n;
  }

  // --- click-to-deploy (docker/): spec, lifecycle progress, restarts. Times are epoch ms. ---

  /** Records a new deployment's desired state. The name must be free (UNIQUE). */
  insert(spec: DeploymentSpec, servedModelName: string, hostPort: number, now: number): Deployment {
    this.db
      .prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, spec, state, port, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`)
      .run(
        randomUUID(),
        spec.name,
        spec.hostId,
        spec.model,
        servedModelName,
        spec.image,
        JSON.stringify({ ...spec, hostPort }),
        hostPort,
        now,
        now,
      );
    return this.getByName(spec.name)!;
  }

  getByName(name: string): Deployment | null {
    const row = this.db.prepare(`SELECT * FROM deployments WHERE name = ?`).get(name) as DeploymentRow | undefined;
    return row ? toDeployment(row) : null;
  }

  /** The stored spec (with its host port), or null when absent or unreadable. */
  spec(name: string): DeploymentSpec | null {
    const row = this.db.prepare(`SELECT spec FROM deployments WHERE name = ?`).get(name) as
      | { spec: string }
      | undefined;
    if (!row) return null;
    try {
      const parsed = DeploymentSpec.safeParse(JSON.parse(row.spec));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Saves a progress report and the state it implies (compiling is shown as loading in Deployment.state). */
  setProgress(progress: DeploymentProgress, now: number): void {
    this.db
      .prepare(`UPDATE deployments SET progress = ?, state = ?, state_reason = ?, updated_at = ? WHERE name = ?`)
      .run(JSON.stringify(progress), stateOfPhase(progress.phase), progress.reason, now, progress.name);
  }

  progress(name: string): DeploymentProgress | null {
    const row = this.db.prepare(`SELECT progress FROM deployments WHERE name = ?`).get(name) as
      | { progress: string | null }
      | undefined;
    if (!row?.progress) return null;
    const parsed = DeploymentProgress.safeParse(JSON.parse(row.progress));
    return parsed.success ? parsed.data : null;
  }

  /** The engine's API key as SecretBox ciphertext (remote hosts only), or null. */
  apiKeyCipher(name: string): string | null {
    return (
      (
        this.db.prepare(`SELECT api_key_cipher FROM deployments WHERE name = ?`).get(name) as
          | { api_key_cipher: string | null }
          | undefined
      )?.api_key_cipher ?? null
    );
  }

  setApiKeyCipher(name: string, cipher: string): void {
    this.db.prepare(`UPDATE deployments SET api_key_cipher = ? WHERE name = ?`).run(cipher, name);
  }

  /** When the deployment last became ready (epoch ms), from its progress; null when not ready. */
  readySince(name: string): number | null {
    const progress = this.progress(name);
    return progress?.phase === 'ready' ? Date.parse(progress.at) : null;
  }

  setContainer(name: string, containerId: string | null, now: number): void {
    this.db
      .prepare(`UPDATE deployments SET container_id = ?, updated_at = ? WHERE name = ?`)
      .run(containerId, now, name);
  }

  containerId(name: string): string | null {
    return (
      (
        this.db.prepare(`SELECT container_id FROM deployments WHERE name = ?`).get(name) as
          | { container_id: string | null }
          | undefined
      )?.container_id ?? null
    );
  }

  /** A crash: counts it and keeps why, across the restarts that follow. */
  recordExit(name: string, reason: string, now: number): number {
    this.db
      .prepare(`UPDATE deployments SET restarts = restarts + 1, last_exit = ?, updated_at = ? WHERE name = ?`)
      .run(reason, now, name);
    return (
      (this.db.prepare(`SELECT restarts FROM deployments WHERE name = ?`).get(name) as { restarts: number } | undefined)
        ?.restarts ?? 0
    );
  }

  lastExit(name: string): { restarts: number; reason: string | null } | null {
    const row = this.db.prepare(`SELECT restarts, last_exit FROM deployments WHERE name = ?`).get(name) as
      | { restarts: number; last_exit: string | null }
      | undefined;
    return row ? { restarts: row.restarts, reason: row.last_exit } : null;
  }

  resetRestarts(name: string, now: number): void {
    this.db
      .prepare(`UPDATE deployments SET restarts = 0, last_exit = NULL, updated_at = ? WHERE name = ?`)
      .run(now, name);
  }

  removeByName(name: string): boolean {
    return this.db.prepare(`DELETE FROM deployments WHERE name = ?`).run(name).changes > 0;
  }

  // --- energy pricing (docker/energy-pricer.ts) ---

  /** Deployments priced by energy so far: name → USD per token. */
  energyPrices(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT name, energy_usd_per_token AS usd FROM deployments WHERE energy_usd_per_token IS NOT NULL`)
      .all() as { name: string; usd: number }[];
    return new Map(rows.map((r) => [r.name, r.usd]));
  }

  setEnergyPrice(name: string, usdPerToken: number, now: number): void {
    this.db
      .prepare(`UPDATE deployments SET energy_usd_per_token = ?, updated_at = ? WHERE name = ?`)
      .run(usdPerToken, now, name);
  }

  /** Host ports claimed by deployments on a host. */
  portsOnHost(hostId: string): number[] {
    return (
      this.db.prepare(`SELECT port FROM deployments WHERE host_id = ? AND port IS NOT NULL`).all(hostId) as {
        port: number;
      }[]
    ).map((r) => r.port);
  }
}

export function stateOfPhase(phase: LifecyclePhase): Deployment['state'] {
  return phase === 'compiling' ? 'loading' : phase;
}
