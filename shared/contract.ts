// The one admin contract: every call the renderer can make (name → zod input → zod result) and
// every push event (name → zod payload). The IPC bridge (preload + main) and the HTTP bridge
// (headless admin API) are both derived from these two maps, so adding or changing a call here
// breaks the compile wherever a side has not caught up.
import { z } from 'zod';
import {
  Deployment,
  DockerStatus,
  GatewayStatus,
  Host,
  ModelGroup,
  RequestLogRow,
  Settings,
  SystemStatus,
  VirtualKey,
  BudgetDuration,
  BudgetUsd,
  KeyAlias,
  RateLimit,
} from './schemas';
import {
  CatalogModel,
  DeploymentPlanView,
  DeploymentProgress,
  DeploymentSpec,
  FitEstimate,
  FitRequest,
  GpuInventory,
  ReconcileReport,
} from './deployment-schemas';
import { DeploymentSample } from './telemetry-schemas';
import { call, Empty } from './contract-parts';
import { accessCalls, accessEvents } from './contract-access';
import { dashboardCalls, dashboardEvents } from './contract-dashboards';
import { routingCalls, routingEvents } from './contract-routing';
import { exportCalls } from './contract-export';
import { connectCalls } from './contract-connect';
import { logCalls } from './contract-logs';
import { captureCalls } from './contract-capture';
import { playgroundCalls, playgroundEvents } from './contract-playground';

export const calls = {
  'system.status': call(Empty, SystemStatus),
  'system.checkDocker': call(Empty, DockerStatus),

  'settings.get': call(Empty, Settings),
  'settings.update': call(Settings.partial().strict(), z.object({ settings: Settings, restartRequired: z.boolean() })),
  /** The new master key is returned once; only its hash is kept. */
  'settings.rotateMasterKey': call(Empty, z.object({ masterKey: z.string() })),

  /** The Hugging Face token for gated models, stored encrypted and passed to engines as HF_TOKEN; null clears it. */
  'settings.setHuggingFaceToken': call(
    z
      .object({
        token: z
          .string()
          .regex(/^hf_[A-Za-z0-9]{20,}$/, 'a Hugging Face access token (hf_…)')
          .nullable(),
      })
      .strict(),
    z.object({ configured: z.boolean() }),
  ),
  'settings.huggingFaceTokenStatus': call(Empty, z.object({ configured: z.boolean() })),

  'hosts.list': call(Empty, z.array(Host)),
  'hosts.add': call(
    z
      .object({
        name: z.string().trim().min(1, 'a name is required').max(64),
        endpoint: z
          .string()
          .regex(
            /^(unix|npipe|ssh|tcp):\/\/.+/,
            'an endpoint such as unix:///var/run/docker.sock, ssh://user@host or tcp://host:2376',
          ),
        /** tcp:// with TLS: the folder with ca.pem, cert.pem and key.pem (Docker's DOCKER_CERT_PATH). */
        tlsCertDir: z.string().min(1).optional(),
      })
      .strict(),
    Host,
  ),
  /** Asks a host's Docker engine whether it answers, its version and NVIDIA runtime, and why not. */
  'hosts.check': call(z.object({ id: z.string().min(1) }).strict(), DockerStatus),
  'hosts.setVramBudget': call(
    z.object({ id: z.string().min(1), vramBudgetGib: z.number().positive().max(100_000).nullable() }).strict(),
    Host,
  ),
  'hosts.remove': call(z.object({ id: z.string().min(1) }).strict(), z.object({ removed: z.boolean() })),

  'deployments.list': call(Empty, z.array(Deployment)),
  'modelGroups.list': call(Empty, z.array(ModelGroup)),

  'keys.list': call(Empty, z.array(VirtualKey)),
  /** The full key is in the result once; only a hash and its prefix are stored. */
  'keys.create': call(
    z
      .object({
        alias: KeyAlias.optional(),
        models: z.array(z.string().min(1)).default([]),
        // The same admission rules as the gateway's /key/generate (shared/schemas.ts).
        maxBudgetUsd: BudgetUsd.optional(),
        budgetDuration: BudgetDuration.optional(),
        rpmLimit: RateLimit.optional(),
        tpmLimit: RateLimit.optional(),
        maxParallelRequests: RateLimit.optional(),
        /** Expiry, as a duration from now. */
        duration: BudgetDuration.optional(),
        /** A team whose budget and limits this key also counts against (teams.create). */
        teamId: z.string().min(1).optional(),
      })
      .strict(),
    z.object({ key: z.string(), info: VirtualKey }),
  ),
  /** `id` is the key's id or the key itself (sk-…). */
  'keys.revoke': call(z.object({ id: z.string().min(1) }).strict(), VirtualKey),
  /** Blocks a key (the gateway refuses it with 401 from its next request) or unblocks it; `id` as for revoke. */
  'keys.setBlocked': call(z.object({ id: z.string().min(1), blocked: z.boolean() }).strict(), VirtualKey),

  /** A LiteLLM config.yaml, by path on this machine or as text; applied whole or not at all. */
  'config.importLitellm': call(
    z
      .object({
        path: z.string().min(1).optional(),
        yaml: z.string().min(1).optional(),
        /** Refuse the file when an entry would be skipped, instead of importing the others. */
        strict: z.boolean().optional(),
      })
      .strict()
      .refine((v) => Boolean(v.path) !== Boolean(v.yaml), { message: 'give either path or yaml', path: ['path'] }),
    z.object({
      endpoints: z.number().int(),
      groups: z.number().int(),
      aliases: z.number().int(),
      routingReplaced: z.boolean(),
      masterKeySet: z.boolean(),
      warnings: z.array(z.string()),
      /** model_list entries left out (a provider Switchyard does not speak), with their lines. */
      skipped: z.array(
        z.object({
          index: z.number().int(),
          modelName: z.string(),
          path: z.string(),
          line: z.number().int().nullable(),
          file: z.string().nullable(),
          reason: z.string(),
        }),
      ),
      /** litellm_settings keys the gateway does not implement (callbacks, cache, …), each with its line. */
      ignoredSettings: z.array(z.string()),
    }),
  ),
  'config.exportLitellm': call(
    z.object({ includeSecrets: z.boolean().default(false) }).strict(),
    z.object({ yaml: z.string() }),
  ),

  /** Models on the Hugging Face Hub matching a query (needs the network; says so plainly offline). */
  'catalog.searchHub': call(
    z
      .object({
        query: z.string().trim().min(2, 'at least 2 characters'),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
    z.array(
      z.object({
        id: z.string(),
        task: z.string().nullable(),
        gated: z.boolean(),
        downloads: z.number(),
        likes: z.number(),
      }),
    ),
  ),

  'requests.recent': call(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.array(RequestLogRow),
  ),

  // --- click to deploy (electron/core/docker, electron/core/fit) ---
  /** Will this model fit? A catalog model id or a config.json, the GPUs and the engine arguments. */
  'fit.estimate': call(FitRequest, FitEstimate),
  /** The model catalog, optionally filtered by words of the id, name or task. */
  'catalog.models': call(z.object({ query: z.string().optional() }).strict(), z.array(CatalogModel)),
  /** The plan of a deployment without creating it: docker run line, compose snippet, create options. */
  'deployments.plan': call(z.object({ spec: DeploymentSpec }).strict(), DeploymentPlanView),
  /** Records the deployment and starts it; progress arrives as deployments.progress events. */
  'deployments.create': call(z.object({ spec: DeploymentSpec }).strict(), Deployment),
  'deployments.start': call(z.object({ name: z.string().min(1) }).strict(), Deployment),
  'deployments.stop': call(z.object({ name: z.string().min(1) }).strict(), Deployment),
  /** Removes the container and the deployment (shared cache volumes stay). */
  'deployments.remove': call(z.object({ name: z.string().min(1) }).strict(), z.object({ removed: z.boolean() })),
  'deployments.logs': call(
    z.object({ name: z.string().min(1), tail: z.number().int().min(1).max(10_000).default(500) }).strict(),
    z.object({ lines: z.array(z.string()) }),
  ),
  /** The last progress report (phase, reason, vLLM's logged figures), kept across app restarts. */
  'deployments.progress': call(z.object({ name: z.string().min(1) }).strict(), DeploymentProgress.nullable()),
  /** Re-reads Docker (the truth) against SQLite: links containers, reports missing ones and orphans. */
  'deployments.reconcile': call(Empty, ReconcileReport),
  /** Makes an orphaned switchyard.* container a deployment again, from the spec on its label. */
  'deployments.adopt': call(
    z.object({ hostId: z.string().min(1).default('local'), name: z.string().min(1) }).strict(),
    Deployment,
  ),
  /** GPUs of a host (nvidia-smi in a short-lived container); `refresh` runs discovery again. */
  'hosts.gpus': call(
    z.object({ hostId: z.string().min(1), refresh: z.boolean().default(false) }).strict(),
    GpuInventory,
  ),

  // --- telemetry (electron/core/telemetry) ---
  /** A deployment's raw scraped samples over the last `minutes`, oldest first (the cards' sparklines). */
  'telemetry.recent': call(
    z.object({ target: z.string().min(1), minutes: z.number().int().min(1).max(1440).default(15) }).strict(),
    z.array(DeploymentSample),
  ),

  // --- per-domain parts: the routing editor, keys/teams/providers, the dashboards ---
  ...routingCalls,
  ...accessCalls,
  ...dashboardCalls,
  ...exportCalls,
  ...connectCalls,
  ...logCalls,
  ...captureCalls,
  ...playgroundCalls,
} as const;

export const events = {
  'gateway.status': GatewayStatus,
  'settings.changed': Settings,
  'deployments.changed': z.array(Deployment),
  'keys.changed': z.object({ count: z.number().int() }),
  'routing.changed': z.object({ groups: z.number().int() }),
  /** A deployment's start, step by step: phase, progress, reason, vLLM's own figures. */
  'deployments.progress': DeploymentProgress,
  /** The samples of one scrape round, a sample per target that answered (telemetry/scraper.ts). */
  'telemetry.samples': z.array(DeploymentSample),
  ...routingEvents,
  ...accessEvents,
  ...dashboardEvents,
  ...playgroundEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/** IPC channel names, derived — never written by hand anywhere else. */
export const ipcCallChannel = (name: CallName) => `switchyard:call:${name}`;
export const ipcEventChannel = (name: EventName) => `switchyard:event:${name}`;

/** The surface the preload exposes on `window.switchyard` (one method per call and event). */
export type PreloadBridge = {
  calls: { [N in CallName]: (input: CallInput<N>) => Promise<BridgeReply<CallResult<N>>> };
  events: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
};

/** Errors cross both bridges as data, never as thrown Error objects (IPC loses their fields). */
export const ApiErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'conflict',
  'unauthorized',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;
export const ApiErrorBody = z.object({
  code: ApiErrorCode,
  message: z.string(),
  /** For invalid_input: each bad field by its dotted path. */
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
export type BridgeReply<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

export const HTTP_STATUS_OF: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
