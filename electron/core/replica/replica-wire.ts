// What an instance and its gateway replicas (`switchyard gateway --join`) say to each other, one
// zod schema per message, checked by both sides on receipt. A replica is the same build as its
// instance (the snapshot names the schema version and a replica refuses another), so the shapes
// here are the gateway's own in-memory types (Target, RoutedGroup, NewRequestLog) on the wire.
import { z } from 'zod';
import { RequestLogRow, RoutingStrategy } from '../../../shared/schemas';
import type { NewRequestLog } from '../store/request-log';
import type { RoutedGroup, Target } from '../gateway/routing/table';

/** The routes under the admin API's address (api/replicas.ts). */
export const REPLICA_ROUTES = {
  snapshot: '/replica/v1/snapshot',
  changes: '/replica/v1/changes',
  logRows: '/replica/v1/log-rows',
} as const;

/** Rows in one shipped batch, at most; a body is also bounded in bytes (LOG_BATCH_MAX_BYTES). */
export const LOG_BATCH_MAX_ROWS = 500;
/** Bytes of one shipped batch's JSON body, at most (4 MiB). */
export const LOG_BATCH_MAX_BYTES = 4 * 1024 * 1024;

const TargetWire = z.object({
  key: z.string(),
  kind: z.enum(['deployment', 'endpoint']),
  name: z.string(),
  provider: z.enum(['openai-compatible', 'openai', 'anthropic', 'hosted_vllm']),
  baseUrl: z.string(),
  upstreamModel: z.string(),
  apiKey: z.string().nullable(),
  weight: z.number(),
  order: z.number(),
  maxModelLen: z.number().nullable(),
  inputCostPerToken: z.number(),
  outputCostPerToken: z.number(),
  timeoutMs: z.number().nullable(),
  unavailable: z.string().nullable(),
  wakeable: z.boolean(),
  maxNumSeqs: z.number().nullable().optional(),
}) satisfies z.ZodType<Target>;

const RoutedGroupWire = z.object({
  name: z.string(),
  strategy: RoutingStrategy,
  targets: z.array(TargetWire),
  fallbacks: z.array(z.string()),
  contextWindowFallbacks: z.array(z.string()),
  settings: z.object({
    numRetries: z.number(),
    timeoutMs: z.number(),
    allowedFails: z.number(),
    cooldownMs: z.number(),
  }),
}) satisfies z.ZodType<RoutedGroup>;

/** Tables the gateway reads keys, budgets and limits from, copied whole into a replica's mirror (mirror-store.ts). */
export const MIRRORED_TABLES = ['teams', 'users', 'virtual_keys'] as const;

/** One row of a table the gateway reads keys, budgets and limits from, as SQLite returns it. */
const TableRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/**
 * Everything a replica serves from: the routing table (upstream keys included: a replica calls the
 * upstreams itself), and the virtual keys (their sha256 hashes, never the keys), teams and users
 * with their budgets, spend and limits. The master key travels as its hash only.
 */
export const ReplicaSnapshot = z.object({
  schemaVersion: z.number().int(),
  /** Bumped on every change the gateway reads; a replica logs which one it serves. */
  version: z.number().int().nonnegative(),
  routing: z.object({ groups: z.array(RoutedGroupWire), aliases: z.record(z.string(), z.string()) }),
  keys: z.array(TableRow),
  teams: z.array(TableRow),
  users: z.array(TableRow),
  masterKeyHash: z.string().nullable(),
  allowLinkLocalProviders: z.boolean(),
});
export type ReplicaSnapshot = z.infer<typeof ReplicaSnapshot>;

/** One event on the change stream: "re-read the snapshot" (the stream carries no state itself). */
export const ReplicaChangeEvent = z.object({ version: z.number().int().nonnegative(), kind: z.string() });
export type ReplicaChangeEvent = z.infer<typeof ReplicaChangeEvent>;

/**
 * One request-log row as the gateway's writer builds it (store/request-log.ts NewRequestLog): the
 * contract's RequestLogRow with its time as epoch ms, a bounded id, and the team and trace the
 * writer also stores.
 */
export const ShippedLogRow = RequestLogRow.extend({
  id: z.string().min(1).max(200),
  at: z.number().int().nonnegative(),
  teamId: z.string().nullable().optional(),
  trace: z.string().nullable().optional(),
}) satisfies z.ZodType<NewRequestLog>;

/** A budget scope's spend total as a replica sharing state through Redis last settled it. */
export const SpendTotal = z.object({
  scope: z.string().regex(/^(key|team|user):.+$/, 'a budget scope: key:<id>, team:<id> or user:<id>'),
  spentUsd: z.number().nonnegative(),
  resetAt: z.number().int().nullable(),
});
export type SpendTotal = z.infer<typeof SpendTotal>;

/**
 * POST /replica/v1/log-rows: a batch of rows from one replica's spool, in spool order. `spendShared`:
 * the replica settles budgets in Redis with the instance, so the rows' costs are counted there
 * already and `spend` carries the totals it settled (else each new row's cost is added).
 */
export const LogBatch = z.object({
  replica: z.string().min(1).max(200),
  rows: z.array(ShippedLogRow).max(LOG_BATCH_MAX_ROWS),
  spendShared: z.boolean().default(false),
  spend: z.array(SpendTotal).max(LOG_BATCH_MAX_ROWS).default([]),
});
export type LogBatch = z.infer<typeof LogBatch>;

/** The instance's answer to a batch: rows newly written, and rows it already had (a replay). */
export const LogBatchReceipt = z.object({ written: z.number().int(), alreadyHad: z.number().int() });
export type LogBatchReceipt = z.infer<typeof LogBatchReceipt>;
