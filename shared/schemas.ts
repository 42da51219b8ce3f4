// Domain schemas shared by the core, both bridges and the renderer. Units are in the names
// (…Ms, …Usd, …Bytes) or said beside the field.
import { z } from 'zod';
import { parseDuration } from './durations';

export const Port = z.number().int().min(1).max(65535);

export const Settings = z.object({
  gatewayHost: z.string().min(1),
  gatewayPort: Port,
  uiPort: Port,
  /** Raw request rows and samples older than this are deleted; rollups stay. */
  retentionDays: z.number().int().min(1).max(3650),
  theme: z.enum(['system', 'dark', 'light']),
  /** Electricity price used to cost local deployments. */
  energyPriceUsdPerKwh: z.number().min(0).max(10),
  /** Provider base URLs may point at link-local and cloud-metadata addresses (169.254.x, fe80::). */
  allowLinkLocalProviders: z.boolean().optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  gatewayHost: '127.0.0.1',
  gatewayPort: 4000,
  uiPort: 4141,
  retentionDays: 30,
  theme: 'system',
  energyPriceUsdPerKwh: 0.3,
  allowLinkLocalProviders: false,
};

export const DockerStatus = z.object({
  reachable: z.boolean(),
  /** Where the core looked, e.g. unix:///var/run/docker.sock. */
  endpoint: z.string(),
  version: z.string().nullable(),
  apiVersion: z.string().nullable(),
  /** Why it is unreachable and what to do, in words a person can act on. */
  problem: z.string().nullable(),
  nvidiaRuntime: z.boolean(),
});
export type DockerStatus = z.infer<typeof DockerStatus>;

export const GatewayState = z.enum(['starting', 'up', 'restarting', 'stopped', 'failed']);
export const GatewayStatus = z.object({
  state: GatewayState,
  url: z.string(),
  pid: z.number().int().nullable(),
  restarts: z.number().int(),
  lastExit: z.string().nullable(),
  since: z.string(),
});
export type GatewayStatus = z.infer<typeof GatewayStatus>;

export const SystemStatus = z.object({
  version: z.string(),
  shell: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  gateway: GatewayStatus,
  docker: DockerStatus,
  counts: z.object({
    hosts: z.number().int(),
    deployments: z.number().int(),
    modelGroups: z.number().int(),
    keys: z.number().int(),
    requests: z.number().int(),
  }),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const Host = z.object({
  id: z.string(),
  name: z.string(),
  /** unix:///var/run/docker.sock, ssh://user@host, tcp://host:2376 */
  endpoint: z.string(),
  /** For tcp:// with TLS: a folder holding ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH); null otherwise. */
  tlsCertDir: z.string().nullable(),
  /** GPU memory on-demand deployments may hold together on this host, GiB; null = no limit. */
  vramBudgetGib: z.number().nullable(),
  createdAt: z.string(),
  /** The last health probe of a remote engine (docker/host-health.ts); absent for the local one or before the first. */
  health: z
    .object({ reachable: z.boolean(), problem: z.string().nullable(), since: z.string(), checkedAt: z.string() })
    .optional(),
});
export type Host = z.infer<typeof Host>;

export const DeploymentState = z.enum([
  'pending',
  'pulling',
  'creating',
  'starting',
  'downloading',
  'loading',
  'ready',
  'asleep',
  'stopped',
  'failed',
  'unreachable',
]);
export const Deployment = z.object({
  id: z.string(),
  name: z.string(),
  hostId: z.string(),
  model: z.string(),
  servedModelName: z.string(),
  image: z.string(),
  state: DeploymentState,
  stateReason: z.string().nullable(),
  port: Port.nullable(),
  createdAt: z.string(),
});
export type Deployment = z.infer<typeof Deployment>;

export const RoutingStrategy = z.enum([
  'simple-shuffle',
  'least-busy',
  'latency-based-routing',
  'cost-based-routing',
  'kv-aware',
]);
export const ModelGroupTarget = z.object({
  /** A Switchyard deployment (by name) or an endpoint: an external server or cloud provider (by name). */
  kind: z.enum(['deployment', 'endpoint']),
  ref: z.string().min(1),
  weight: z.number().min(0).default(1),
  order: z.number().int().min(0).default(0),
});
export const ModelGroup = z.object({
  name: z.string(),
  strategy: RoutingStrategy,
  targets: z.array(ModelGroupTarget),
  fallbacks: z.array(z.string()),
  contextWindowFallbacks: z.array(z.string()),
  createdAt: z.string(),
});
export type ModelGroup = z.infer<typeof ModelGroup>;

/** A budget period or key lifetime: LiteLLM's units, more than 0 and at most 10 years. */
export const BudgetDuration = z.string().superRefine((text, ctx) => {
  const parsed = parseDuration(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** Admission rules for budgets and limits, shared by the admin contract and the gateway's /key, /team, /user routes. */
export const BudgetUsd = z.number().positive('a budget above $0').max(1_000_000_000);
export const RateLimit = z.number().int('a whole number').positive('a number above 0').max(1_000_000_000);
export const KeyAlias = z.string().trim().min(1).max(100);

export const VirtualKey = z.object({
  id: z.string(),
  /** First characters of the key, safe to show: sk-…abcd */
  prefix: z.string(),
  alias: z.string().nullable(),
  models: z.array(z.string()),
  maxBudgetUsd: z.number().nullable(),
  budgetDuration: z.string().nullable(),
  /** Spend in the current budget period (0 once the period has rolled over). */
  spendUsd: z.number(),
  /** When the current budget period ends and spend starts again from 0; null without a period. */
  budgetResetAt: z.string().nullable(),
  /** Spent, or the gateway refused its last request for the budget (429 budget_exceeded) in this period. */
  budgetExhausted: z.boolean(),
  teamId: z.string().nullable(),
  /** The user who owns the key (LiteLLM's /user/* routes), whose budget it also counts against. */
  userId: z.string().nullable(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
  maxParallelRequests: z.number().int().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Refused (401, "blocked") until unblocked; unlike a revoked key it can come back. */
  blocked: z.boolean(),
  createdAt: z.string(),
});
export type VirtualKey = z.infer<typeof VirtualKey>;

export const RequestLogRow = z.object({
  id: z.string(),
  at: z.string(),
  keyId: z.string().nullable(),
  modelGroup: z.string().nullable(),
  deployment: z.string().nullable(),
  status: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  attempts: z.number().int(),
  errorClass: z.string().nullable(),
  /** The route the client called: chat/completions, completions, embeddings, rerank, messages, responses, vllm. */
  route: z.string().nullable().optional(),
});
export type RequestLogRow = z.infer<typeof RequestLogRow>;

// Click-to-deploy schemas (fit, deployment spec and plan, GPUs, lifecycle progress).
export * from './deployment-schemas';
