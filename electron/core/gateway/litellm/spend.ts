// LiteLLM's spend routes: /spend/logs (rows filtered by key, user, team, request id and dates;
// paged), /global/spend (the total) and /global/spend/report (per UTC day, grouped by team, key or
// model). Dates are YYYY-MM-DD (UTC) or ISO times; end_date's whole day is included.
import { z } from 'zod';
import type { SpendFilter, SpendReportRow } from '../../store/spend-logs';
import { type AdminContext, badRequest, notFound, parse, queryObject, requireGet, send } from './context';
import { findKey } from './keys';

const DAY_MS = 86_400_000;

const DateParam = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'a date as YYYY-MM-DD or an ISO time, e.g. 2026-12-01');

const Filters = z.object({
  api_key: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  team_id: z.string().min(1).optional(),
  request_id: z.string().min(1).optional(),
  start_date: DateParam.optional(),
  end_date: DateParam.optional(),
});
const LogsQuery = Filters.extend({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(100),
});
const ReportQuery = Filters.extend({
  group_by: z.enum(['team', 'api_key', 'model']).default('team'),
});

/** A date-only end means the end of that day. */
const endOf = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(s) + DAY_MS : Date.parse(s));

function filterOf(ctx: AdminContext, q: z.infer<typeof Filters>): SpendFilter {
  const from = q.start_date ? Date.parse(q.start_date) : undefined;
  const to = q.end_date ? endOf(q.end_date) : undefined;
  if (from !== undefined && to !== undefined && from >= to)
    throw badRequest('start_date is after end_date: swap them.', 'start_date');
  return {
    keyId: q.api_key ? findKey(ctx, q.api_key).id : undefined,
    userId: q.user_id,
    teamId: q.team_id,
    requestId: q.request_id,
    from,
    to,
  };
}

function logs(ctx: AdminContext) {
  const q = parse(LogsQuery, queryObject(ctx.query));
  const { rows } = ctx.rt.store.spendLogs.page(filterOf(ctx, q), (q.page - 1) * q.page_size, q.page_size);
  return rows.map((r) => ({
    request_id: r.requestId,
    call_type: 'acompletion',
    api_key: r.keyHash,
    key_alias: r.keyAlias,
    spend: r.costUsd,
    total_tokens: r.promptTokens + r.completionTokens,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    startTime: new Date(r.at - r.latencyMs).toISOString(),
    endTime: new Date(r.at).toISOString(),
    model: r.deployment,
    model_group: r.modelGroup,
    user: r.userId,
    team_id: r.teamId,
    status: r.status < 400 ? 'success' : 'failure',
    metadata: { status_code: r.status },
  }));
}

/** Rows of one day and group, with the models they spent on, as LiteLLM's report nests them. */
function nest(rows: SpendReportRow[]) {
  const days = new Map<string, Map<string | null, SpendReportRow[]>>();
  for (const r of rows) {
    const groups = days.get(r.day) ?? new Map();
    groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    days.set(r.day, groups);
  }
  return [...days].map(([day, groups]) => ({
    day,
    groups: [...groups].map(([group, items]) => ({
      group,
      total: items.reduce((s, i) => s + i.spendUsd, 0),
      models: items.map((i) => ({ model: i.model, spend: i.spendUsd, total_tokens: i.tokens })),
    })),
  }));
}

function report(ctx: AdminContext) {
  const q = parse(ReportQuery, queryObject(ctx.query));
  const filter = filterOf(ctx, q);
  const { store } = ctx.rt;
  if (q.group_by === 'model')
    return nest(store.spendLogs.report(filter, 'model')).map((d) => ({
      group_by_day: d.day,
      models: d.groups.map((g) => ({
        model: g.group,
        total_spend: g.total,
        total_tokens: g.models.reduce((s, m) => s + m.total_tokens, 0),
      })),
    }));
  if (q.group_by === 'api_key')
    return nest(store.spendLogs.report(filter, 'key')).map((d) => ({
      group_by_day: d.day,
      api_keys: d.groups.map((g) => {
        const key = g.group ? store.keys.get(g.group) : null;
        return {
          api_key: key ? store.keys.details(key.id)!.tokenHash : null,
          key_alias: key?.alias ?? (g.group ? null : 'master'),
          total_spend: g.total,
          metadata: g.models,
        };
      }),
    }));
  return nest(store.spendLogs.report(filter, 'team')).map((d) => ({
    group_by_day: d.day,
    teams: d.groups.map((g) => ({
      team_id: g.group,
      team_name: g.group ? (store.teams.get(g.group)?.alias ?? g.group) : 'Unassigned Team',
      total_spend: g.total,
      metadata: g.models,
    })),
  }));
}

export async function handleSpendRoute(ctx: AdminContext): Promise<void> {
  requireGet(ctx);
  switch (ctx.path) {
    case '/spend/logs':
      return send(ctx, logs(ctx));
    case '/global/spend':
      return send(ctx, {
        spend: ctx.rt.store.spendLogs.total(filterOf(ctx, parse(Filters, queryObject(ctx.query)))),
        max_budget: null,
      });
    case '/global/spend/report':
      return send(ctx, report(ctx));
  }
  throw notFound(
    `No route ${ctx.method} ${ctx.path}. Spend routes: /spend/logs, /global/spend, /global/spend/report.`,
    'route_not_found',
  );
}
