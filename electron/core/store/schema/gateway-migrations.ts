// Migrations of the gateway's tables: settings, keys, teams, model groups, endpoints, the request
// log and its rollups, budget alerts.
// Never edit a shipped migration: add one (store/migrations.ts lists them all).
import type { Migration } from './migration';

export const gatewayMigrations: Migration[] = [
  {
    version: 1,
    name: 'first tables: settings, hosts, deployments, model groups, keys, request log',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL            -- JSON
      ) STRICT;

      CREATE TABLE hosts (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        endpoint   TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE deployments (
        id                TEXT PRIMARY KEY,
        name              TEXT NOT NULL UNIQUE,
        host_id           TEXT NOT NULL REFERENCES hosts(id),
        model             TEXT NOT NULL,
        served_model_name TEXT NOT NULL,
        image             TEXT NOT NULL,
        spec              TEXT NOT NULL DEFAULT '{}',   -- JSON: the full deployment spec
        state             TEXT NOT NULL DEFAULT 'pending',
        state_reason      TEXT,
        port              INTEGER,
        container_id      TEXT,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE model_groups (
        name       TEXT PRIMARY KEY,
        strategy   TEXT NOT NULL DEFAULT 'simple-shuffle',
        settings   TEXT NOT NULL DEFAULT '{}',          -- JSON: retries, timeouts, cooldown
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE model_group_targets (
        group_name  TEXT NOT NULL REFERENCES model_groups(name) ON DELETE CASCADE ON UPDATE CASCADE,
        kind        TEXT NOT NULL,                      -- deployment | openai-compatible | provider
        ref         TEXT NOT NULL,
        weight      REAL NOT NULL DEFAULT 1,
        order_index INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_name, kind, ref)
      ) STRICT;

      CREATE TABLE fallbacks (
        group_name    TEXT NOT NULL REFERENCES model_groups(name) ON DELETE CASCADE ON UPDATE CASCADE,
        position      INTEGER NOT NULL,
        fallback_name TEXT NOT NULL,
        kind          TEXT NOT NULL DEFAULT 'default',  -- default | context_window
        PRIMARY KEY (group_name, kind, position)
      ) STRICT;

      CREATE TABLE virtual_keys (
        id               TEXT PRIMARY KEY,
        key_hash         TEXT NOT NULL UNIQUE,          -- sha256 hex of the key; the key itself is never stored
        prefix           TEXT NOT NULL,
        alias            TEXT,
        models           TEXT NOT NULL DEFAULT '[]',    -- JSON array of model group names; empty = all
        max_budget_usd   REAL,
        budget_duration  TEXT,
        budget_reset_at  INTEGER,
        spend_usd        REAL NOT NULL DEFAULT 0,
        rpm_limit        INTEGER,
        tpm_limit        INTEGER,
        max_parallel     INTEGER,
        team_id          TEXT,
        metadata         TEXT NOT NULL DEFAULT '{}',
        expires_at       INTEGER,
        revoked_at       INTEGER,
        created_at       INTEGER NOT NULL
      ) STRICT;

      -- Appended in time order: an integer key keeps inserts at the end of the B-tree (a random
      -- request-id key would scatter them); the request id is a plain column.
      CREATE TABLE request_logs (
        seq               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL,
        at                INTEGER NOT NULL,
        key_id            TEXT,
        team_id           TEXT,
        model_group       TEXT,
        deployment        TEXT,
        status            INTEGER NOT NULL,
        prompt_tokens     INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd          REAL NOT NULL DEFAULT 0,
        latency_ms        REAL NOT NULL,
        ttft_ms           REAL,
        attempts          INTEGER NOT NULL DEFAULT 1,
        error_class       TEXT
      ) STRICT;
      CREATE INDEX request_logs_at ON request_logs(at);

      CREATE TABLE lifecycle_events (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      INTEGER NOT NULL,
        subject TEXT NOT NULL,                          -- e.g. deployment:<name>, gateway
        kind    TEXT NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
      CREATE INDEX lifecycle_events_subject_at ON lifecycle_events(subject, at);
    `,
  },
  {
    version: 2,
    name: 'gateway: endpoints (external servers and cloud providers), teams, model group aliases',
    sql: `
      CREATE TABLE endpoints (
        name                  TEXT PRIMARY KEY,
        provider              TEXT NOT NULL,            -- openai-compatible | openai | anthropic | hosted_vllm
        base_url              TEXT NOT NULL,            -- e.g. http://gpu-box:8000/v1
        model                 TEXT NOT NULL,            -- the model name upstream
        api_key_cipher        TEXT,                     -- SecretBox ciphertext, never the key itself
        max_model_len         INTEGER,
        input_cost_per_token  REAL,                     -- USD
        output_cost_per_token REAL,                     -- USD
        rpm_limit             INTEGER,
        tpm_limit             INTEGER,
        timeout_ms            INTEGER,
        created_at            INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE teams (
        id              TEXT PRIMARY KEY,
        alias           TEXT,
        max_budget_usd  REAL,
        budget_duration TEXT,
        budget_reset_at INTEGER,
        spend_usd       REAL NOT NULL DEFAULT 0,
        rpm_limit       INTEGER,
        tpm_limit       INTEGER,
        created_at      INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE model_group_aliases (
        alias      TEXT PRIMARY KEY,
        group_name TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'request rollups per minute, hour and day, kept up to date as rows land',
    sql: `
      CREATE TABLE request_rollups (
        granularity       TEXT NOT NULL,                -- minute | hour | day
        bucket            INTEGER NOT NULL,             -- bucket start, epoch ms (UTC)
        key_id            TEXT NOT NULL DEFAULT '',     -- '' = none (master key, refused before auth)
        team_id           TEXT NOT NULL DEFAULT '',
        model_group       TEXT NOT NULL DEFAULT '',
        deployment        TEXT NOT NULL DEFAULT '',
        requests          INTEGER NOT NULL,
        errors            INTEGER NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd          REAL NOT NULL,
        latency_ms_sum    REAL NOT NULL,
        ttft_ms_sum       REAL NOT NULL,
        ttft_count        INTEGER NOT NULL,
        PRIMARY KEY (granularity, bucket, key_id, team_id, model_group, deployment)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'budget alerts: thresholds already announced per key or team and budget period',
    sql: `
      CREATE TABLE budget_alerts_fired (
        scope      TEXT NOT NULL,                       -- key | team
        scope_id   TEXT NOT NULL,
        period_end INTEGER NOT NULL,                    -- epoch ms the period ends; 0 = a budget without a period
        threshold  INTEGER NOT NULL,                    -- 80 | 100 (percent of the budget)
        at         INTEGER NOT NULL,
        PRIMARY KEY (scope, scope_id, period_end, threshold)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    name: 'budgets: when the gateway last refused a key or team for its budget (cleared by the next spend or a budget change)',
    sql: `
      ALTER TABLE virtual_keys ADD COLUMN budget_refused_at INTEGER;          -- epoch ms; null = not refused since the last spend
      ALTER TABLE teams ADD COLUMN budget_refused_at INTEGER;
    `,
  },
  {
    version: 14,
    name: 'endpoints: the cloud model a self-hosted engine stands in for (the Spend page compares its cost with that list price)',
    sql: `
      ALTER TABLE endpoints ADD COLUMN cloud_equivalent TEXT;                 -- a resources/pricing model name; null = none
    `,
  },
  {
    version: 15,
    name: 'LiteLLM users and team members; keys that can be blocked and belong to a user',
    sql: `
      ALTER TABLE virtual_keys ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;  -- 1 = refused with 401 until unblocked
      ALTER TABLE virtual_keys ADD COLUMN user_id TEXT;                        -- the user whose budget it also counts against
      CREATE TABLE users (
        id                TEXT PRIMARY KEY,
        alias             TEXT,
        email             TEXT,
        role              TEXT NOT NULL DEFAULT 'internal_user',
        models            TEXT NOT NULL DEFAULT '[]',   -- JSON array of model group names; empty = all
        max_budget_usd    REAL,
        budget_duration   TEXT,
        budget_reset_at   INTEGER,
        spend_usd         REAL NOT NULL DEFAULT 0,
        budget_refused_at INTEGER,
        metadata          TEXT NOT NULL DEFAULT '{}',
        created_at        INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE team_members (
        team_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role    TEXT NOT NULL DEFAULT 'user',           -- admin | user, as LiteLLM's members_with_roles
        PRIMARY KEY (team_id, user_id)
      ) STRICT;
      CREATE INDEX virtual_keys_user ON virtual_keys(user_id);
    `,
  },
];
