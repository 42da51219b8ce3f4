// LiteLLM-compatible virtual-key and team management: /key/generate, /key/info, /key/update,
// /key/delete, /key/list, /team/new, /team/info. Master key only, except /key/info, which a key
// may ask about itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BudgetDuration, type VirtualKey } from '../../../shared/schemas';
import { addDuration } from '../../../shared/durations';
import { hashKey } from '../store/keys';
import type { Principal } from './auth';
import { GatewayError, parseJsonObject, readBody } from './http-io';
import type { GatewayRuntime } from './runtime';

const KeyFields = z.object({
  key_alias: z.string().min(1).max(100).nullish(),
  models: z.array(z.string().min(1)).optional(),
  max_budget: z.number().nonnegative().nullish(),
  budget_duration: BudgetDuration.nullish(),
  rpm_limit: z.number().int().positive().nullish(),
  tpm_limit: z.number().int().positive().nullish(),
  max_parallel_requests: z.number().int().positive().nullish(),
  duration: BudgetDuration.nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  team_id: z.string().min(1).nullish(),
});
const TeamFields = z.object({
  team_alias: z.string().min(1).max(100).nullish(),
  max_budget: z.number().nonnegative().nullish(),
  budget_duration: BudgetDuration.nullish(),
  rpm_limit: z.number().int().positive().nullish(),
  tpm_limit: z.number().int().positive().nullish(),
});
const UpdateBody = KeyFields.extend({ key: z.string().min(1), spend: z.number().nonnegative().optional() });
const DeleteBody = z.object({ keys: z.array(z.string().min(1)).min(1) });

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.map(String).join('.') || null;
  throw new GatewayError(
    400,
    'invalid_request_error',
    `${param ?? 'body'}: ${issue.message}`,
    'invalid_parameter',
    param,
  );
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function keyInfo(rt: GatewayRuntime, k: VirtualKey) {
  const details = rt.store.keys.details(k.id);
  const live = rt.ledger.get(`key:${k.id}`);
  return {
    key_alias: k.alias,
    key_name: k.prefix,
    token_id: k.id,
    models: k.models,
    spend: live?.spentUsd ?? k.spendUsd,
    max_budget: k.maxBudgetUsd,
    budget_duration: k.budgetDuration,
    budget_reset_at: iso(live?.resetAt ?? details?.budgetResetAt),
    rpm_limit: k.rpmLimit,
    tpm_limit: k.tpmLimit,
    max_parallel_requests: k.maxParallelRequests,
    expires: k.expiresAt,
    team_id: details?.teamId ?? null,
    metadata: details?.metadata ?? {},
    created_at: k.createdAt,
    blocked: k.revokedAt != null,
  };
}

function teamInfo(rt: GatewayRuntime, id: string) {
  const team = rt.store.teams.get(id);
  if (!team) throw new GatewayError(404, 'not_found_error', `No team "${id}".`, 'team_not_found', 'team_id');
  const live = rt.ledger.get(`team:${id}`);
  return {
    team_id: team.id,
    team_alias: team.alias,
    max_budget: team.maxBudgetUsd,
    budget_duration: team.budgetDuration,
    budget_reset_at: iso(live?.resetAt ?? team.budgetResetAt),
    spend: live?.spentUsd ?? team.spendUsd,
    rpm_limit: team.rpmLimit,
    tpm_limit: team.tpmLimit,
  };
}

function findKey(rt: GatewayRuntime, key: string): VirtualKey {
  const found = rt.store.keys.findByHash(key.startsWith('sk-') ? hashKey(key) : key);
  if (!found)
    throw new GatewayError(
      404,
      'not_found_error',
      'No such key: pass the key itself (sk-…) or its token id hash.',
      'key_not_found',
      'key',
    );
  return found;
}

const requireMaster = (p: Principal) => {
  if (!p.isMaster)
    throw new GatewayError(403, 'permission_error', 'Key management needs the master key.', 'master_key_required');
};

function changed(rt: GatewayRuntime, notify: () => void) {
  rt.reload();
  notify();
}

export async function handleAdminRoute(
  rt: GatewayRuntime,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  token: string,
  notify: () => void,
): Promise<void> {
  const send = (body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (path === '/key/info' && req.method === 'GET') {
    const asked = url.searchParams.get('key') ?? token;
    if (!principal.isMaster && asked !== token)
      throw new GatewayError(
        403,
        'permission_error',
        'A key may only ask about itself; use the master key for others.',
        'master_key_required',
      );
    return send({ key: asked, info: keyInfo(rt, findKey(rt, asked)) });
  }
  requireMaster(principal);
  if (path === '/team/info' && req.method === 'GET') {
    return send(teamInfo(rt, url.searchParams.get('team_id') ?? ''));
  }
  if (path === '/key/list' && req.method === 'GET') {
    const keys = rt.store.keys.list().filter((k) => !k.revokedAt);
    return send({ keys: keys.map((k) => k.id), total_count: keys.length, current_page: 1, total_pages: 1 });
  }
  if (req.method !== 'POST')
    throw new GatewayError(405, 'invalid_request_error', `${path} takes POST.`, 'method_not_allowed');
  const body = parseJsonObject(await readBody(req, rt.maxBodyBytes));
  if (path === '/team/new') {
    const f = parse(TeamFields, body);
    const team = rt.store.teams.create({
      alias: f.team_alias ?? undefined,
      maxBudgetUsd: f.max_budget ?? undefined,
      budgetDuration: f.budget_duration ?? undefined,
      rpmLimit: f.rpm_limit ?? undefined,
      tpmLimit: f.tpm_limit ?? undefined,
    });
    return send(teamInfo(rt, team.id));
  }
  if (path === '/key/generate') {
    const team = parse(KeyFields, body).team_id;
    if (team && !rt.store.teams.get(team))
      throw new GatewayError(
        400,
        'invalid_request_error',
        `No team "${team}": create it with /team/new first.`,
        'team_not_found',
        'team_id',
      );
    const f = parse(KeyFields, body);
    const created = rt.store.keys.create({
      alias: f.key_alias ?? undefined,
      models: f.models ?? [],
      maxBudgetUsd: f.max_budget ?? undefined,
      budgetDuration: f.budget_duration ?? undefined,
      rpmLimit: f.rpm_limit ?? undefined,
      tpmLimit: f.tpm_limit ?? undefined,
      maxParallelRequests: f.max_parallel_requests ?? undefined,
      duration: f.duration ?? undefined,
      teamId: f.team_id ?? undefined,
      metadata: f.metadata,
    });
    changed(rt, notify);
    return send({ key: created.key, ...keyInfo(rt, created.info) });
  }
  if (path === '/key/update') {
    const f = parse(UpdateBody, body);
    const existing = findKey(rt, f.key);
    const updated = rt.store.keys.update(existing.id, {
      alias: f.key_alias ?? undefined,
      models: f.models,
      maxBudgetUsd: f.max_budget,
      budgetDuration: f.budget_duration,
      rpmLimit: f.rpm_limit,
      tpmLimit: f.tpm_limit,
      maxParallelRequests: f.max_parallel_requests,
      teamId: f.team_id,
      metadata: f.metadata,
      expiresAt:
        f.duration === undefined ? undefined : f.duration === null ? null : addDuration(rt.clock.now(), f.duration),
      spendUsd: f.spend,
    })!;
    if (f.spend !== undefined)
      rt.ledger.upsert({
        id: `key:${existing.id}`,
        maxUsd: updated.maxBudgetUsd,
        spentUsd: f.spend,
        duration: updated.budgetDuration,
        resetAt: updated.budgetResetAt ? Date.parse(updated.budgetResetAt) : null,
      });
    changed(rt, notify);
    return send({ key: f.key, ...keyInfo(rt, updated) });
  }
  if (path === '/key/delete') {
    const f = parse(DeleteBody, body);
    const deleted = f.keys.map((k) => findKey(rt, k)).map((k) => (rt.store.keys.revoke(k.id), k.id));
    changed(rt, notify);
    return send({ deleted_keys: f.keys, token_ids: deleted });
  }
  throw new GatewayError(404, 'not_found_error', `No route ${req.method} ${path}.`, 'route_not_found');
}
