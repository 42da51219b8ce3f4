// Numbered schema migrations, applied in order at open. Never edit a shipped migration: add one.
// Times are epoch milliseconds (INTEGER); money is USD (REAL); JSON columns hold arrays/objects.
import { captureMigrations } from './schema/capture-migrations';
import { deployMigrations } from './schema/deploy-migrations';
import { gatewayMigrations } from './schema/gateway-migrations';
import { logExplorerMigrations } from './schema/log-explorer-migrations';
import { logSearchMigrations } from './schema/log-search-migrations';
import { logWriteMigrations } from './schema/log-write-migrations';
import { logsMigrations } from './schema/logs-migrations';
import type { Migration } from './schema/migration';
import { responsesMigrations } from './schema/responses-migrations';
import { telemetryMigrations } from './schema/telemetry-migrations';

/** Every migration in version order; the parts live beside the concept they serve (store/schema/). */
export const MIGRATIONS: Migration[] = [
  ...gatewayMigrations,
  ...deployMigrations,
  ...telemetryMigrations,
  ...logsMigrations,
  ...logExplorerMigrations,
  ...logSearchMigrations,
  ...logWriteMigrations,
  ...responsesMigrations,
  ...captureMigrations,
].sort((a, b) => a.version - b.version);

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
