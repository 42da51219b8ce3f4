// LiteLLM's /key/* routes: generate (a caller-chosen key too), info, update (blocked included),
// list (ids that info/update/delete accept, paging, filters, return_full_object), delete (by key,
// token or alias), block, unblock, regenerate (a new secret, same settings and spend). A key is
// named by itself (sk-…), by its token (the sha256 hex LiteLLM shows) or by its id.
import { z } from 'zod';
import { BudgetDuration, BudgetUsd, KeyAlias, RateLimit, type VirtualKey } from '../../../../shared/schemas';
import { addDuration } from '../../../../shared/durations';
import { hashKey } from '../../store/keys';
import { GatewayError } from '../http-io';
import {
  type AdminContext,
  badRequest,
  body,
  iso,
  notFound,
  parse,
  queryObject,
  requireGet,
  requireMaster,
  send,
} from './context';

const ChosenKey = z
  .string()
  .regex(/^sk-[A-Za-z0-9._~+/=-]{16,200}$/, 'a key starts with sk- and has 16 to 200 more letters, digits or -._~+/=');

const KeyFields = z.object({
  key_alias: KeyAlias.nullish(),
  models: z.array(z.string().min(1)).optional(),
  max_budget: BudgetUsd.nullish(),
  budget_duration: BudgetDuration.nullish(),
  rpm_limit: RateLimit.nullish(),
  tpm_limit: RateLimit.nullish(),
  max_parallel_requests: RateLimit.nullish(),
  duration: BudgetDuration.nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  team_id: z.string().min(1).nullish(),
  user_id: z.string().min(1).nullish(),
  blocked: z.boolean().optional(),
});
const GenerateBody = KeyFields.extend({ key: ChosenKey.optional() });
const UpdateBody = KeyFields.extend({ key: z.string().min(1), spend: z.number().nonnegative().optional() });
const DeleteBody = z
  .object({
    keys: z.array(z.string().min(1)).min(1).optional(),
    key_aliases: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((b) => b.keys || b.key_aliases, 'give keys (keys or their tokens) or key_aliases');
const OneKey = z.object({ key: z.string().min(1) });
const RegenerateBody = KeyFields.extend({ key: z.string().min(1), new_key: ChosenKey.optional() });
const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).max(100).default(10),
  key_alias: z.string().min(1).optional(),
  team_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  return_full_object: z.enum(['true', 'false']).default('false'),
});

/** The key LiteLLM-style, as /key/info's `info` and /key/list's full objects show it. */
export function keyView(ctx: AdminContext, k: VirtualKey) {
  const details = ctx.rt.store.keys.details(k.id)!;
  const live = ctx.rt.ledger.get(`key:${k.id}`);
  return {
    token: details.tokenHash,
    key_alias: k.alias,
    key_name: k.prefix,
    token_id: k.id,
    models: k.models,
    spend: live?.spentUsd ?? k.spendUsd,
    max_budget: k.maxBudgetUsd,
    budget_duration: k.budgetDuration,
    budget_reset_at: iso(live?.resetAt ?? details.budgetResetAt),
    rpm_limit: k.rpmLimit,
    tpm_limit: k.tpmLimit,
    max_parallel_requests: k.maxParallelRequests,
    expires: k.expiresAt,
    team_id: details.teamId,
    user_id: details.userId,
    metadata: details.metadata,
    created_at: k.createdAt,
    blocked: details.blocked,
  };
}

/** A live key by the key itself, its token (sha256 hex) or its id; 404 names what to pass. */
export function findKey(ctx: AdminContext, given: string): VirtualKey {
  const { keys } = ctx.rt.store;
  const found = given.startsWith('sk-') ? keys.findByHash(hashKey(given)) : (keys.findByHash(given) ?? keys.get(given));
  if (!found || found.revokedAt)
    throw notFound(
      `No key "${shortened(given)}"${found ? ' (it was deleted)' : ''}: pass the key (sk-…) or the token /key/list returns.`,
      'key_not_found',
      'key',
    );
  return found;
}

const shortened = (s: string) => (s.startsWith('sk-') && s.length > 12 ? `${s.slice(0, 6)}…${s.slice(-4)}` : s);

function checkOwners(ctx: AdminContext, f: { team_id?: string | null; user_id?: string | null }): void {
  if (f.team_id && !ctx.rt.store.teams.get(f.team_id))
    throw badRequest(`No team "${f.team_id}": create it with /team/new first.`, 'team_id', 'team_not_found');
  if (f.user_id && !ctx.rt.store.users.get(f.user_id))
    throw badRequest(`No user "${f.user_id}": create it with /user/new first.`, 'user_id', 'user_not_found');
}

function checkAliasFree(ctx: AdminContext, alias: string | null | undefined, except?: string): void {
  if (!alias) return;
  const holder = ctx.rt.store.keys.findByAlias(alias);
  if (holder && holder.id !== except)
    throw badRequest(
      `key_alias "${alias}" is taken by another key: choose another alias, or update that key.`,
      'key_alias',
      'key_alias_taken',
    );
}

/** The fields /key/update and /key/regenerate may change, in the store's words. */
function keyChange(ctx: AdminContext, f: z.infer<typeof KeyFields>) {
  return {
    alias: f.key_alias,
    models: f.models,
    maxBudgetUsd: f.max_budget,
    budgetDuration: f.budget_duration,
    rpmLimit: f.rpm_limit,
    tpmLimit: f.tpm_limit,
    maxParallelRequests: f.max_parallel_requests,
    teamId: f.team_id,
    userId: f.user_id,
    metadata: f.metadata,
    blocked: f.blocked,
    expiresAt:
      f.duration === undefined ? undefined : f.duration === null ? null : addDuration(ctx.rt.clock.now(), f.duration),
  };
}

function generate(ctx: AdminContext, f: z.infer<typeof GenerateBody>) {
  checkOwners(ctx, f);
  checkAliasFree(ctx, f.key_alias);
  if (f.key && ctx.rt.store.keys.findByHash(hashKey(f.key)))
    throw badRequest(
      'That key exists already: choose another, or leave "key" out for a random one.',
      'key',
      'key_taken',
    );
  const created = ctx.rt.store.keys.create({
    key: f.key,
    alias: f.key_alias ?? undefined,
    models: f.models ?? [],
    maxBudgetUsd: f.max_budget ?? undefined,
    budgetDuration: f.budget_duration ?? undefined,
    rpmLimit: f.rpm_limit ?? undefined,
    tpmLimit: f.tpm_limit ?? undefined,
    maxParallelRequests: f.max_parallel_requests ?? undefined,
    duration: f.duration ?? undefined,
    teamId: f.team_id ?? undefined,
    userId: f.user_id ?? undefined,
    metadata: f.metadata,
  });
  if (f.blocked) ctx.rt.store.keys.update(created.info.id, { blocked: true });
  ctx.changed('keys');
  return { key: created.key, ...keyView(ctx, created.info) };
}

export { generate as generateKey, GenerateBody };

function update(ctx: AdminContext, f: z.infer<typeof UpdateBody>) {
  const existing = findKey(ctx, f.key);
  checkOwners(ctx, f);
  checkAliasFree(ctx, f.key_alias, existing.id);
  const updated = ctx.rt.store.keys.update(existing.id, { ...keyChange(ctx, f), spendUsd: f.spend })!;
  if (f.spend !== undefined)
    ctx.rt.ledger.upsert({
      id: `key:${existing.id}`,
      maxUsd: updated.maxBudgetUsd,
      spentUsd: f.spend,
      duration: updated.budgetDuration,
      resetAt: updated.budgetResetAt ? Date.parse(updated.budgetResetAt) : null,
    });
  ctx.changed('keys');
  return { key: f.key, ...keyView(ctx, updated) };
}

function setBlocked(ctx: AdminContext, given: string, blocked: boolean) {
  const k = findKey(ctx, given);
  const updated = ctx.rt.store.keys.update(k.id, { blocked })!;
  ctx.changed('keys');
  return keyView(ctx, updated);
}

function regenerate(ctx: AdminContext, f: z.infer<typeof RegenerateBody>) {
  const existing = findKey(ctx, f.key);
  checkOwners(ctx, f);
  checkAliasFree(ctx, f.key_alias, existing.id);
  if (f.new_key && ctx.rt.store.keys.findByHash(hashKey(f.new_key)))
    throw badRequest(
      'new_key exists already: choose another, or leave it out for a random one.',
      'new_key',
      'key_taken',
    );
  const { store } = ctx.rt;
  const rotated = store.db.transaction(() => {
    store.keys.update(existing.id, keyChange(ctx, f));
    return store.keys.regenerate(existing.id, f.new_key)!;
  })();
  ctx.changed('keys');
  return { key: rotated.key, ...keyView(ctx, rotated.info) };
}

function list(ctx: AdminContext) {
  const q = parse(ListQuery, queryObject(ctx.query));
  const { keys, total } = ctx.rt.store.keys.page(
    { alias: q.key_alias, teamId: q.team_id, userId: q.user_id },
    (q.page - 1) * q.size,
    q.size,
  );
  return {
    keys: keys.map((k) =>
      q.return_full_object === 'true' ? keyView(ctx, k) : ctx.rt.store.keys.details(k.id)!.tokenHash,
    ),
    total_count: total,
    current_page: q.page,
    total_pages: Math.max(1, Math.ceil(total / q.size)),
  };
}

function remove(ctx: AdminContext, f: z.infer<typeof DeleteBody>) {
  const byKey = (f.keys ?? []).map((k) => findKey(ctx, k));
  const byAlias = (f.key_aliases ?? []).map((alias) => {
    const k = ctx.rt.store.keys.findByAlias(alias);
    if (!k) throw notFound(`No key with key_alias "${alias}".`, 'key_not_found', 'key_aliases');
    return k;
  });
  const all = [...byKey, ...byAlias];
  const tokens = all.map((k) => ctx.rt.store.keys.details(k.id)!.tokenHash);
  ctx.rt.store.db.transaction(() => all.forEach((k) => ctx.rt.store.keys.revoke(k.id)))();
  ctx.changed('keys');
  return { deleted_keys: [...(f.keys ?? []), ...(f.key_aliases ?? [])], token_ids: all.map((k) => k.id), tokens };
}

export async function handleKeyRoute(ctx: AdminContext): Promise<void> {
  if (ctx.path === '/key/info') {
    requireGet(ctx);
    const asked = ctx.query.get('key') ?? ctx.token;
    if (!ctx.principal.isMaster && asked !== ctx.token)
      throw new GatewayError(
        403,
        'permission_error',
        'A key may only ask about itself; use the master key for others.',
        'master_key_required',
      );
    return send(ctx, { key: asked, info: keyView(ctx, findKey(ctx, asked)) });
  }
  requireMaster(ctx);
  // LiteLLM also takes the key in the path: /key/{key}/regenerate.
  const inPath = /^\/key\/([^/]+)\/regenerate$/.exec(ctx.path);
  if (inPath) {
    const f = await body(ctx, RegenerateBody.partial({ key: true }));
    return send(ctx, regenerate(ctx, { ...f, key: decodeURIComponent(inPath[1]) }));
  }
  switch (ctx.path) {
    case '/key/list':
      requireGet(ctx);
      return send(ctx, list(ctx));
    case '/key/generate':
      return send(ctx, generate(ctx, await body(ctx, GenerateBody)));
    case '/key/update':
      return send(ctx, update(ctx, await body(ctx, UpdateBody)));
    case '/key/delete':
      return send(ctx, remove(ctx, await body(ctx, DeleteBody)));
    case '/key/block':
      return send(ctx, setBlocked(ctx, (await body(ctx, OneKey)).key, true));
    case '/key/unblock':
      return send(ctx, setBlocked(ctx, (await body(ctx, OneKey)).key, false));
    case '/key/regenerate':
      return send(ctx, regenerate(ctx, await body(ctx, RegenerateBody)));
  }
  throw notFound(
    `No route ${ctx.method} ${ctx.path}. Key routes: /key/generate, /key/info, /key/list, /key/update, /key/delete, /key/block, /key/unblock, /key/regenerate.`,
    'route_not_found',
  );
}
