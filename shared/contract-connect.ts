// The Connect page's calls (electron/core/connect/, electron/core/api/connect.ts): where clients
// point (the gateway's URL), which model groups and deployments will do tool calls, and one test
// request sent the way a client sends it. The test runs in the core with a key of its own (see
// electron/core/connect/test-key.ts): the renderer never holds the master key or that key.
import { z } from 'zod';
import { CONNECT_CLIENTS } from './connect-snippets';
import { call, Empty } from './contract-parts';

/** Whether a target answers requests that offer tools (agents send tools with every request). */
export const ToolCalls = z.object({
  /** yes: started for it; no: it will refuse or ignore tools; unknown: Switchyard cannot see how it runs. */
  state: z.enum(['yes', 'no', 'unknown']),
  /** Why, as a kind: what the engine was started with, what the target is, or what is missing. */
  cause: z.enum([
    'auto-tool-choice',
    'no-auto-tool-choice',
    'no-tool-call-parser',
    'no-parser-known',
    'pooling-model',
    'cloud-api',
    'external-server',
    'spec-unreadable',
    'no-target',
    'mixed',
  ]),
  /** Why, and what to do, in words a person can act on. */
  reason: z.string(),
});
export type ToolCalls = z.infer<typeof ToolCalls>;

export const ConnectGroup = z.object({
  name: z.string(),
  /** The group's targets' verdicts folded: no when any target refuses, unknown when any is unknown. */
  toolCalls: ToolCalls,
  targets: z.array(z.object({ kind: z.enum(['deployment', 'endpoint']), ref: z.string(), toolCalls: ToolCalls })),
});
export type ConnectGroup = z.infer<typeof ConnectGroup>;

export const ConnectSetup = z.object({
  /** The base URL clients use, without /v1 (a wildcard bind shown as this machine's loopback). */
  gatewayUrl: z.string(),
  /** Set when the gateway listens on every interface: other machines use this machine's address. */
  lanNote: z.string().nullable(),
  /** Model groups a client may ask for, with their tool-call readiness. */
  groups: z.array(ConnectGroup),
  /** Each Switchyard deployment's tool-call readiness, by name (the Deployments cards' warning). */
  deployments: z.record(z.string(), ToolCalls),
});
export type ConnectSetup = z.infer<typeof ConnectSetup>;

export const ConnectClientName = z.enum(CONNECT_CLIENTS);

export const ConnectTestResult = z.object({
  ok: z.boolean(),
  /** The request as sent, e.g. `POST /v1/messages?beta=true (stream)`. */
  request: z.string(),
  /** The gateway's HTTP status; null when it could not be reached. */
  status: z.number().int().nullable(),
  /** x-switchyard-deployment: the target that answered. */
  deployment: z.string().nullable(),
  /** The first words of the answer, or the tool call it asked for. */
  answer: z.string().nullable(),
  /** What failed and what to do (the gateway's own message where it sent one). */
  error: z.string().nullable(),
  latencyMs: z.number(),
  /** About the chosen key: what this client would meet with it that the test key did not. */
  keyNotes: z.array(z.string()),
});
export type ConnectTestResult = z.infer<typeof ConnectTestResult>;

export const connectCalls = {
  'connect.setup': call(Empty, ConnectSetup),
  /**
   * Sends one request to the gateway as `client` sends it, for model group `group`, with the
   * core's own test key; `keyId` (a key chosen on the page) is checked for what would refuse it.
   */
  'connect.test': call(
    z
      .object({
        client: ConnectClientName,
        group: z.string().trim().min(1, 'a model group name').max(200),
        keyId: z.string().min(1).optional(),
      })
      .strict(),
    ConnectTestResult,
  ),
} as const;
