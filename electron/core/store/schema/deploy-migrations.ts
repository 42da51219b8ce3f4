// Migrations of click-to-deploy's tables: deployment progress, GPU inventory and samples, hosts'
// VRAM budgets and TLS folders, engine API keys.
// Never edit a shipped migration: add one (store/migrations.ts lists them all).
import type { Migration } from './migration';

export const deployMigrations: Migration[] = [
  {
    version: 4,
    name: 'deployments: lifecycle progress, restarts and last exit; GPU inventory per host',
    sql: `
      ALTER TABLE deployments ADD COLUMN progress  TEXT;                       -- JSON DeploymentProgress (phase, fraction, reason, evidence, vLLM's logged figures)
      ALTER TABLE deployments ADD COLUMN restarts  INTEGER NOT NULL DEFAULT 0; -- crashes seen since the last deploy
      ALTER TABLE deployments ADD COLUMN last_exit TEXT;                       -- why it last exited, kept across restarts

      CREATE TABLE gpu_inventory (
        host_id   TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
        inventory TEXT NOT NULL,                        -- JSON GpuInventory
        at        INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'request log: last request per deployment (on-demand idle detection)',
    sql: `CREATE INDEX request_logs_deployment_at ON request_logs(deployment, at);`,
  },
  {
    version: 6,
    name: 'GPU samples per host and GPU; energy price per deployment',
    sql: `
      CREATE TABLE gpu_samples (
        at               INTEGER NOT NULL,
        host_id          TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        gpu_index        INTEGER NOT NULL,
        uuid             TEXT NOT NULL,
        utilization_pct  REAL,                          -- null where nvidia-smi printed [N/A] / [Not Supported]
        memory_used_mib  REAL,
        memory_total_mib REAL,                          -- null on unified-memory boxes
        power_w          REAL,
        temperature_c    REAL
      ) STRICT;
      CREATE INDEX gpu_samples_host_at ON gpu_samples(host_id, at);

      ALTER TABLE deployments ADD COLUMN energy_usd_per_token REAL;          -- USD per token from GPU power × $/kWh; null until first priced
    `,
  },
  {
    version: 7,
    name: 'hosts: VRAM budget for on-demand deployments',
    sql: `ALTER TABLE hosts ADD COLUMN vram_budget_gib REAL;`,
  },
  {
    version: 9,
    name: 'deployments: engine API key (encrypted) of engines on remote hosts',
    sql: `ALTER TABLE deployments ADD COLUMN api_key_cipher TEXT;`,
  },
  {
    version: 10,
    name: 'hosts: TLS certificate folder for tcp:// engines',
    sql: `ALTER TABLE hosts ADD COLUMN tls_cert_dir TEXT;`,
  },
];
