// Why the gateway sent a request where it did: the gateway's per-decision routing trace
// (SWITCHYARD_ROUTING_TRACE, electron/core/gateway/routing/decision-trace.ts), read after a cell.
// For each request the cell counts as sent to the slow replica while a fast one had a free slot,
// the decision made at that moment: what the strategy saw of every target, and which signal kept
// each fast replica from winning.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { KV_FULL, SPEED_TOLERANCE } from '../../electron/core/gateway/routing/strategies';
import type { GatewayInterval } from './cell';

const TracedTarget = z.object({
  key: z.string(),
  inflight: z.number(),
  capacity: z.number().nullable(),
  capacityFrom: z.string(),
  busy: z.number(),
  free: z.boolean(),
  waiting: z.number().nullable(),
  running: z.number().nullable(),
  oursAtScrape: z.number().nullable(),
  kv: z.number().nullable(),
  scrapeAgeMs: z.number().nullable(),
  serviceMs: z.number().nullable(),
  perTokenMs: z.number().nullable().optional(),
  score: z.number(),
});

const Decision = z.object({
  at: z.number(),
  group: z.string(),
  strategy: z.string(),
  retry: z.number(),
  left: z.array(z.object({ key: z.string(), why: z.string() })),
  chosen: z.string(),
  targets: z.array(TracedTarget),
});
export type Decision = z.infer<typeof Decision>;

/** The decisions traced for `group` since `sinceMs` (epoch ms). */
export function readDecisions(path: string, group: string, sinceMs: number): Decision[] {
  if (!existsSync(path)) return [];
  const out: Decision[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const d = Decision.safeParse(JSON.parse(line));
    if (d.success && d.data.group === group && d.data.at >= sinceMs) out.push(d.data);
  }
  return out;
}

/** The decision that sent `stray` on: the same target, within a few ms of its send time (whole ms in the log). */
export function decisionFor(decisions: Decision[], stray: GatewayInterval): Decision | null {
  let best: Decision | null = null;
  for (const d of decisions) {
    if (d.chosen !== `endpoint:${stray.target}` || Math.abs(d.at - stray.sentMs) > 5) continue;
    if (!best || Math.abs(d.at - stray.sentMs) < Math.abs(best.at - stray.sentMs)) best = d;
  }
  return best;
}

const name = (key: string) => key.replace(/^endpoint:/, '');

/** Why a fast replica with a free slot (by the request log) did not win this decision. */
function whyNot(d: Decision, t: z.infer<typeof TracedTarget>, maxNumSeqs: number, loggedInflight: number): string {
  const left = d.left.find((l) => l.key === t.key);
  if (left) return `not offered (${left.why})`;
  const chosen = d.targets.find((c) => c.key === d.chosen);
  if (t.free)
    return `free, but scored ${t.score} against ${name(d.chosen)}'s ${chosen?.score} (service ${t.serviceMs} against ${chosen?.serviceMs} ms, per token ${t.perTokenMs} against ${chosen?.perTokenMs} ms: within ${SPEED_TOLERANCE}× counts as equally fast, and then the most free slots win)`;
  const reasons: string[] = [];
  if ((t.kv ?? 0) >= KV_FULL) reasons.push(`scraped KV ${t.kv} ≥ ${KV_FULL} (scrape ${t.scrapeAgeMs} ms old)`);
  if (t.capacity == null) reasons.push('capacity unknown and the last scrape showed a queue');
  else if (t.capacity < maxNumSeqs)
    reasons.push(`capacity ${t.capacity} (${t.capacityFrom}) below its max_num_seqs ${maxNumSeqs}`);
  if (t.busy > t.inflight)
    reasons.push(
      `${t.busy - t.inflight} taken for other clients' load (scrape ${t.scrapeAgeMs} ms old: running ${t.running} + waiting ${t.waiting} − ours then ${t.oursAtScrape})`,
    );
  if (t.inflight >= (t.capacity ?? Infinity))
    reasons.push(`our own count ${t.inflight} ≥ capacity, where the request log has ${loggedInflight} in flight`);
  return reasons.join('; ') || 'full (no single signal)';
}

/** One line per stray: the decision's figures per target, and why each fast one lost. */
export function explainStray(
  stray: GatewayInterval,
  d: Decision | null,
  capacity: Map<string, number>,
  loggedInflight: (target: string) => number,
  cellStart: number,
): string {
  const when = `${((stray.sentMs - cellStart) / 1000).toFixed(3)} s`;
  if (!d) return `    stray sent ${when} into the cell to ${stray.target}: no traced decision within 5 ms`;
  const figures = d.targets
    .map(
      (t) =>
        `${name(t.key)} ${t.inflight}/${t.capacity ?? '?'} busy ${t.busy}${t.free ? ' free' : ''} w ${t.waiting} r ${t.running} ours@scrape ${t.oursAtScrape} kv ${t.kv} age ${t.scrapeAgeMs} svc ${t.serviceMs}/${t.perTokenMs ?? '—'} score ${t.score}`,
    )
    .join(' | ');
  const lost = d.targets
    .filter((t) => t.key !== d.chosen && (capacity.get(name(t.key)) ?? 0) > loggedInflight(name(t.key)))
    .map((t) => `${name(t.key)}: ${whyNot(d, t, capacity.get(name(t.key))!, loggedInflight(name(t.key)))}`);
  const allFull = d.targets.every((t) => !t.free);
  return `    stray sent ${when} into the cell to ${stray.target} (retry ${d.retry}${allFull ? ', none free: earliest finish' : ''}): ${figures}\n      why: ${lost.join(' // ') || '—'}`;
}
