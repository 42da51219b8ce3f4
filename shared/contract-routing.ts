// The routing editor's calls and events (Routing page; electron/core/api/routing.ts). The editor
// works on a proposed routing table (groups, their targets, fallback chains and aliases), asks the
// core to validate it, to describe it against the applied one, to show it as LiteLLM YAML, and
// finally to apply it in one step.
import { z } from 'zod';
import { call, Empty } from './contract-parts';
import { RoutingStrategy } from './schemas';

export const TargetKind = z.enum(['deployment', 'endpoint']);
export type TargetKind = z.infer<typeof TargetKind>;

/** One edge group → target: a deployment (by name) or an endpoint (external server, cloud provider). */
export const ProposedTarget = z
  .object({
    kind: TargetKind,
    ref: z.string().trim().min(1, 'a target name is required').max(200),
    /** Share of traffic among targets of the same order (weighted shuffle); 0 takes none. */
    weight: z.number().min(0, 'a weight of 0 or more').max(1_000_000),
    /** Lower orders are tried first; higher ones only when every lower one is out. */
    order: z.number().int().min(0, 'an order of 0 or more').max(1_000),
  })
  .strict();
export type ProposedTarget = z.infer<typeof ProposedTarget>;

export const GroupName = z
  .string()
  .trim()
  .min(1, 'a group name is required')
  .max(200)
  .regex(/^[^\s]+$/, 'a name without spaces (clients send it as `model`)');

export const ProposedGroup = z
  .object({
    name: GroupName,
    strategy: RoutingStrategy,
    targets: z.array(ProposedTarget).max(500),
    /** Groups tried in order when every target of this one fails. */
    fallbacks: z.array(GroupName).max(100),
    /** Groups tried when the prompt is longer than this group's targets take. */
    contextWindowFallbacks: z.array(GroupName).max(100),
  })
  .strict();
export type ProposedGroup = z.infer<typeof ProposedGroup>;

/** A whole routing table as the editor proposes it. */
export const ProposedTable = z
  .object({
    groups: z.array(ProposedGroup).max(1_000),
    /** alias → group: another name clients may send for a group. */
    aliases: z.record(GroupName, GroupName).default({}),
  })
  .strict();
export type ProposedTable = z.infer<typeof ProposedTable>;

/** What a validation problem sits on in the graph. */
export const ProblemSubject = z.object({
  node: z.enum(['group', 'target', 'alias']),
  /** Group name, alias name, or `kind:ref` for a target. */
  id: z.string(),
  /** When the problem is one edge of that node: its kind and the node at its other end. */
  edge: z
    .object({ kind: z.enum(['target', 'fallback', 'context-window-fallback', 'alias']), to: z.string() })
    .optional(),
});

export const RoutingProblem = z.object({
  rule: z.enum([
    'fallback-cycle',
    'group-without-targets',
    'target-missing',
    'weights-sum-to-zero',
    'alias-shadows-group',
    'fallback-unknown-group',
    'alias-unknown-group',
    'duplicate-group',
    'duplicate-target',
  ]),
  subject: ProblemSubject,
  /** What is wrong and what to do, in words a person can act on. */
  message: z.string(),
});
export type RoutingProblem = z.infer<typeof RoutingProblem>;

export const TargetState = z.enum(['ready', 'loading', 'asleep', 'cooldown', 'down']);
export type TargetState = z.infer<typeof TargetState>;

/** A target the editor can draw and connect: every deployment and endpoint that exists. */
export const AvailableTarget = z.object({
  kind: TargetKind,
  ref: z.string(),
  /** What it serves: the deployment's model, or the endpoint's provider/model. */
  detail: z.string(),
  state: TargetState,
  /** Why it is in that state (deployment state reason, cooldown left, last failure), or null. */
  stateReason: z.string().nullable(),
});
export type AvailableTarget = z.infer<typeof AvailableTarget>;

/** The last 15 minutes of one group → target edge, from the minute request rollups. */
export const EdgeTraffic = z.object({
  group: z.string(),
  /** The target's name (deployment or endpoint). */
  target: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  /** Fraction 0–1 of the group's requests in the window that this target served. */
  share: z.number(),
  /** Fraction 0–1 of this edge's requests that ended in an error. */
  errorRate: z.number(),
});
export type EdgeTraffic = z.infer<typeof EdgeTraffic>;

export const GroupTraffic = z.object({
  group: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  /** Requests no target could serve (every target and fallback failed). */
  unserved: z.number().int(),
});
export type GroupTraffic = z.infer<typeof GroupTraffic>;

/** What changes often: target states and traffic; the page polls it. */
export const RoutingLive = z.object({
  windowMinutes: z.number().int(),
  targets: z.array(AvailableTarget),
  edges: z.array(EdgeTraffic),
  groups: z.array(GroupTraffic),
  at: z.string(),
});
export type RoutingLive = z.infer<typeof RoutingLive>;

export const RoutingGraph = z.object({
  /** The applied table. */
  table: ProposedTable,
  /** Changes with every apply; give it back to routing.apply to refuse stale edits. */
  version: z.string(),
  live: RoutingLive,
});
export type RoutingGraph = z.infer<typeof RoutingGraph>;

export const RoutingChange = z.object({
  action: z.enum(['added', 'removed', 'changed']),
  /** The group or alias the change is about. */
  subject: z.string(),
  text: z.string(),
});
export type RoutingChange = z.infer<typeof RoutingChange>;

const TableInput = z.object({ table: ProposedTable }).strict();

export const routingCalls = {
  /** The applied table, every target with its live state, and the last 15 minutes of traffic per edge. */
  'routing.graph': call(Empty, RoutingGraph),
  /** Target states and traffic only (the page polls it every few seconds). */
  'routing.live': call(Empty, RoutingLive),
  /** Problems of a proposed table, each on the node (and edge) it belongs to; empty when it can be applied. */
  'routing.validate': call(TableInput, z.object({ problems: z.array(RoutingProblem) })),
  /** What applying the proposed table would change, in words. */
  'routing.diff': call(TableInput, z.object({ changes: z.array(RoutingChange) })),
  /** Validates, then writes the table in one transaction and has the gateway switch to it in one step. */
  'routing.apply': call(
    z.object({ table: ProposedTable, baseVersion: z.string().min(1).optional() }).strict(),
    z.object({ version: z.string(), groups: z.number().int(), changes: z.array(RoutingChange) }),
  ),
  /** The proposed table as a LiteLLM config.yaml (the side panel). */
  'routing.yaml': call(TableInput, z.object({ yaml: z.string() })),
} as const;

export const routingEvents = {} as const;
