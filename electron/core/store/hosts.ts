// Docker hosts Switchyard deploys to. The local engine exists from the first start. A remote host's
// last health probe (docker/host-health.ts) is kept in memory beside its row and listed with it.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Host } from '../../../shared/schemas';
import { GpuInventory } from '../../../shared/deployment-schemas';
import type { Clock } from '../clock';

export const LOCAL_HOST_ID = 'local';
export const DEFAULT_LOCAL_ENDPOINT =
  process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

type HostRow = {
  id: string;
  name: string;
  endpoint: string;
  tls_cert_dir: string | null;
  vram_budget_gib: number | null;
  created_at: number;
};
const toHost = (r: HostRow): Host => ({
  id: r.id,
  name: r.name,
  endpoint: r.endpoint,
  tlsCertDir: r.tls_cert_dir,
  vramBudgetGib: r.vram_budget_gib,
  createdAt: new Date(r.created_at).toISOString(),
});

export type HostHealth = NonNullable<Host['health']>;

export class HostsRepo {
  private readonly healthById = new Map<string, HostHealth>();

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  ensureLocal(endpoint = DEFAULT_LOCAL_ENDPOINT): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO hosts (id, name, endpoint, created_at) VALUES (?, 'local', ?, ?)`)
      .run(LOCAL_HOST_ID, endpoint, this.clock.now());
  }

  list(): Host[] {
    return (this.db.prepare(`SELECT * FROM hosts ORDER BY created_at, name`).all() as HostRow[]).map((r) =>
      this.withHealth(toHost(r)),
    );
  }

  get(id: string): Host | null {
    const row = this.db.prepare(`SELECT * FROM hosts WHERE id = ?`).get(id) as HostRow | undefined;
    return row ? this.withHealth(toHost(row)) : null;
  }

  findByName(name: string): Host | null {
    const row = this.db.prepare(`SELECT * FROM hosts WHERE name = ?`).get(name) as HostRow | undefined;
    return row ? toHost(row) : null;
  }

  add(name: string, endpoint: string, tlsCertDir: string | null = null): Host {
    const id = randomUUID();
    this.db
      .prepare(`INSERT INTO hosts (id, name, endpoint, tls_cert_dir, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(id, name, endpoint, tlsCertDir, this.clock.now());
    return this.get(id)!;
  }

  setVramBudget(id: string, gib: number | null): Host | null {
    this.db.prepare(`UPDATE hosts SET vram_budget_gib = ? WHERE id = ?`).run(gib, id);
    return this.get(id);
  }

  deploymentCount(id: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM deployments WHERE host_id = ?`).get(id) as { n: number }).n;
  }

  /** The last health probe of a host, as host-health.ts saw it (memory only: probed again at start). */
  health(id: string): HostHealth | undefined {
    return this.healthById.get(id);
  }

  setHealth(id: string, health: HostHealth | null): void {
    if (health) this.healthById.set(id, health);
    else this.healthById.delete(id);
  }

  private withHealth(host: Host): Host {
    const health = this.healthById.get(host.id);
    return health ? { ...host, health } : host;
  }

  remove(id: string): boolean {
    this.healthById.delete(id);
    return this.db.prepare(`DELETE FROM hosts WHERE id = ?`).run(id).changes > 0;
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM hosts`).get() as { n: number }).n;
  }

  /** The last GPU discovery of a host (docker/gpus.ts), or null when never run. */
  gpuInventory(hostId: string): GpuInventory | null {
    const row = this.db.prepare(`SELECT inventory FROM gpu_inventory WHERE host_id = ?`).get(hostId) as
      | { inventory: string }
      | undefined;
    if (!row) return null;
    const parsed = GpuInventory.safeParse(JSON.parse(row.inventory));
    return parsed.success ? parsed.data : null;
  }

  saveGpuInventory(inventory: GpuInventory): void {
    this.db
      .prepare(`INSERT INTO gpu_inventory (host_id, inventory, at) VALUES (?, ?, ?)
      ON CONFLICT(host_id) DO UPDATE SET inventory = excluded.inventory, at = excluded.at`)
      .run(inventory.hostId, JSON.stringify(inventory), this.clock.now());
  }
}
