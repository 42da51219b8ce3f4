// The messages between the gateway process and its parent (supervisor.ts ⇄ process-entry.ts): one
// zod schema per message, in the one module both sides import. Each side checks what it receives
// before acting on it, as the admin API checks its calls against shared/contract.ts; a malformed
// message is dropped with one log line instead of being acted on half-understood.
import { z } from 'zod';

/** One routing target's scraped engine load (telemetry/scraper.ts), keyed like the gateway's Target.key. */
export const TargetLoadReport = z.object({
  key: z.string(),
  /** Fraction 0–1 of the KV-cache pool in use; null when unknown (not scraped, not answering). */
  kvCacheUsage: z.number().nullable(),
  waiting: z.number().nullable(),
  /** Requests the engine is running; with `waiting` it tells the gateway the engine's capacity. */
  running: z.number().nullable().optional(),
});
export type TargetLoadReport = z.infer<typeof TargetLoadReport>;

/** One target's health as the gateway sees it: cooling down, or its last attempt failed. Keyed like Target.key. */
export const TargetHealthReport = z.object({
  key: z.string(),
  /** Cooldown left, ms; 0 when it takes traffic. */
  cooldownMs: z.number().nonnegative(),
  /** Why its last attempt failed, when no success followed; else null. */
  lastFailure: z.string().nullable(),
});
export type TargetHealthReport = z.infer<typeof TargetHealthReport>;

/** Messages the parent sends the gateway process. */
export const ParentMessage = z.discriminatedUnion('type', [
  /** Re-read routing, keys, budgets and prices from the store (changes.ts decides when). */
  z.object({ type: z.literal('reload') }),
  /** The latest scraped KV-cache use and queue length of the targets. */
  z.object({ type: z.literal('load'), targets: z.array(TargetLoadReport) }),
]);
export type ParentMessage = z.infer<typeof ParentMessage>;

/** Messages the gateway process sends its parent. */
export const GatewayMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), url: z.string() }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  /** The gateway's own /key/*, /team/*, /user/* routes changed the keys (or /model/new|delete the routing). */
  z.object({ type: z.literal('keys-changed'), change: z.enum(['keys', 'routing']).optional() }),
  /** A request arrived for an on-demand deployment that is stopped or asleep. */
  z.object({ type: z.literal('wake'), deployment: z.string() }),
  /** Sent every second: targets cooling down or failing (the others are fine). */
  z.object({ type: z.literal('target-health'), targets: z.array(TargetHealthReport) }),
]);
export type GatewayMessage = z.infer<typeof GatewayMessage>;

/**
 * The message if it is one of `schema`'s, else null after one line on stderr naming what was wrong
 * (a message from a mismatched build, or a bug: either way nothing to act on).
 */
export function readMessage<T>(schema: z.ZodType<T>, raw: unknown, from: string): T | null {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
  console.error(`[gateway] dropped a malformed message from the ${from}: ${problems}`);
  return null;
}
