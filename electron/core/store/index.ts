// Store: the one place that knows the SQL tables, one repository per table family.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock';
import { BudgetAlertsRepo } from './budget-alerts';
import { DATABASE_FILE, openDatabase, schemaVersion } from './database';
import { DeploymentSamplesRepo } from './deployment-samples';
import { DeploymentsRepo } from './deployments';
import { EndpointsRepo } from './endpoints';
import { GpuSamplesRepo } from './gpu-samples';
import { HostsRepo } from './hosts';
import { KeysRepo } from './keys';
import { ModelGroupsRepo } from './model-groups';
import { RequestLogRepo } from './request-log';
import { RESPONSES_DIR, ResponsesRepo } from './responses';
import { SettingsRepo } from './settings';
import { TeamsRepo } from './teams';
import { UsersRepo } from './users';
import { SpendLogsRepo } from './spend-logs';

export { StoreError } from './database';

export class Store {
  readonly settings: SettingsRepo;
  readonly hosts: HostsRepo;
  readonly deployments: DeploymentsRepo;
  readonly modelGroups: ModelGroupsRepo;
  readonly endpoints: EndpointsRepo;
  readonly keys: KeysRepo;
  readonly requestLog: RequestLogRepo;
  readonly responses: ResponsesRepo;
  readonly teams: TeamsRepo;
  readonly users: UsersRepo;
  readonly spendLogs: SpendLogsRepo;
  readonly gpuSamples: GpuSamplesRepo;
  readonly deploymentSamples: DeploymentSamplesRepo;
  readonly budgetAlerts: BudgetAlertsRepo;
  readonly path: string;

  private constructor(
    readonly db: Database.Database,
    dataDir: string,
    clock: Clock,
  ) {
    this.path = join(dataDir, DATABASE_FILE);
    this.settings = new SettingsRepo(db);
    this.hosts = new HostsRepo(db, clock);
    this.deployments = new DeploymentsRepo(db);
    this.modelGroups = new ModelGroupsRepo(db, clock);
    this.endpoints = new EndpointsRepo(db, clock);
    this.keys = new KeysRepo(db, clock);
    this.requestLog = new RequestLogRepo(db);
    this.responses = new ResponsesRepo(db, join(dataDir, RESPONSES_DIR), clock);
    this.teams = new TeamsRepo(db, clock);
    this.users = new UsersRepo(db, clock);
    this.spendLogs = new SpendLogsRepo(db);
    this.gpuSamples = new GpuSamplesRepo(db);
    this.deploymentSamples = new DeploymentSamplesRepo(db);
    this.budgetAlerts = new BudgetAlertsRepo(db);
  }

  /** Opens (creating and migrating as needed) the database in `dataDir`. Throws StoreError. */
  static open(dataDir: string, clock: Clock = systemClock): Store {
    const store = new Store(openDatabase(dataDir), dataDir, clock);
    store.hosts.ensureLocal();
    store.requestLog.foldLeftovers();
    return store;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    this.responses.close();
    if (this.db.open) this.db.close();
  }
}
