// The last stage of every request: the budget and rate-limit holds become the real usage, the
// metrics count it, and its request-log row is queued with its trace for the writer's next commit
// (request-log-writer.ts: within its commit window; the answer waits for it only where the writer
// says so, a replica's spool); captured bodies, where capture is on, follow once the answer has ended.
import type { BodyTap } from '../../capture/body-tap';
import type { AdmittedRequest } from '../admission';
import type { Principal } from '../auth';
import type { RoutedGroup, Target } from '../routing/table';
import type { GatewayRuntime } from '../runtime';
import type { InboundRoute } from './inbound';
import type { TraceRecorder } from './trace';

export interface SettledRow {
  status: number;
  target: Target | null;
  group: RoutedGroup;
  prompt: number;
  completion: number;
  cost: number;
  ttftMs: number | null;
  attempts: number;
  errorClass: string | null;
  /** The error message the client is sent, when it failed. */
  message?: string | null;
}

export interface RequestRecord {
  rt: GatewayRuntime;
  route: InboundRoute;
  requestId: string;
  principal: Principal;
  startedAt: number;
  admitted: AdmittedRequest;
  fallbackUsed: () => boolean;
  /** The attempt chain and headers, stored on the row (absent: no trace column value). */
  trace?: TraceRecorder;
  /** Body capture for this request; null when capture is off for its key. */
  bodies?: BodyTap | null;
}

const SETTLED = Promise.resolve();

/** Resolves when the answer may end: at once, or once the row is durable where the writer asks for that. */
export function settle(r: RequestRecord, row: SettledRow): Promise<void> {
  const { rt } = r;
  r.admitted.settle({ tokens: row.prompt + row.completion, costUsd: row.cost });
  const latencyMs = rt.clock.now() - r.startedAt;
  rt.metrics.observe({
    group: row.group.name,
    target: row.target?.name ?? null,
    status: row.status,
    latencyMs,
    ttftMs: row.ttftMs,
    prompt: row.prompt,
    completion: row.completion,
    costUsd: row.cost,
    fallback: r.fallbackUsed(),
    route: r.route,
  });
  r.bodies?.logged();
  // Logging off (SWITCHYARD_DISABLE_REQUEST_LOG, disable_spend_logs): no row, so no trace to build either.
  if (!rt.writer.enabled) return SETTLED;
  const columns = {
    modelGroup: row.group.name,
    deployment: row.target?.name ?? null,
    costUsd: row.cost,
    attempts: row.attempts,
  };
  const logged = rt.writer.log({
    id: r.requestId,
    at: r.startedAt,
    keyId: r.principal.keyId,
    teamId: r.principal.teamId,
    ...columns,
    status: row.status,
    promptTokens: row.prompt,
    completionTokens: row.completion,
    latencyMs,
    ttftMs: row.ttftMs,
    errorClass: row.errorClass,
    route: r.route,
    trace:
      r.trace?.serialize({
        row: columns,
        latencyMs,
        ttftMs: row.ttftMs,
        reservedUsd: r.admitted.reservedUsd,
        reservedTokens: r.admitted.reservedTokens,
        message: row.message ?? null,
      }) ?? null,
  });
  return rt.writer.answerWaitsForRow ? logged : SETTLED;
}
