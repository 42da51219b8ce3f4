// LiteLLM's /user/* routes: new (with a key made for the user unless auto_create_key is false),
// info, update, delete (the user's keys are deleted with it, as LiteLLM does), list (paged). A
// user's budget is a third scope every key naming the user counts against.
import { z } from 'zod';
import { BudgetDuration, BudgetUsd, KeyAlias } from '../../../../shared/schemas';
import type { User } from '../../store/users';
import { type AdminContext, badRequest, body, iso, notFound, parse, queryObject, requireGet, send } from './context';
import { keyView } from './keys';

const UserFields = z.object({
  user_alias: KeyAlias.nullish(),
  user_email: z.string().max(320).nullish(),
  user_role: z.enum(['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer']).optional(),
  models: z.array(z.string().min(1)).optional(),
  max_budget: BudgetUsd.nullish(),
  budget_duration: BudgetDuration.nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const NewUser = UserFields.extend({
  user_id: z
    .string()
    .regex(/^[A-Za-z0-9._@:+-]{1,200}$/, 'letters, digits and ._@:+- (at most 200)')
    .optional(),
  teams: z.array(z.string().min(1)).optional(),
  auto_create_key: z.boolean().default(true),
  key_alias: KeyAlias.optional(),
});
const UpdateUser = UserFields.extend({ user_id: z.string().min(1), spend: z.number().nonnegative().optional() });
const DeleteUsers = z.object({ user_ids: z.array(z.string().min(1)).min(1) });
const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(25),
});

function findUser(ctx: AdminContext, id: string): User {
  const user = ctx.rt.store.users.get(id);
  if (!user) throw notFound(`No user "${id}": /user/list shows the users there are.`, 'user_not_found', 'user_id');
  return user;
}

function userView(ctx: AdminContext, u: User) {
  const live = ctx.rt.ledger.get(`user:${u.id}`);
  return {
    user_id: u.id,
    user_alias: u.alias,
    user_email: u.email,
    user_role: u.role,
    models: u.models,
    max_budget: u.maxBudgetUsd,
    budget_duration: u.budgetDuration,
    budget_reset_at: iso(live?.resetAt ?? u.budgetResetAt),
    spend: live?.spentUsd ?? u.spendUsd,
    metadata: u.metadata,
    teams: ctx.rt.store.teams.teamsOf(u.id),
    created_at: new Date(u.createdAt).toISOString(),
  };
}

function create(ctx: AdminContext, f: z.infer<typeof NewUser>) {
  const { store } = ctx.rt;
  if (f.user_id && store.users.get(f.user_id))
    throw badRequest(`user_id "${f.user_id}" exists already: /user/update changes it.`, 'user_id', 'user_id_taken');
  for (const t of f.teams ?? [])
    if (!store.teams.get(t))
      throw badRequest(`No team "${t}": create it with /team/new first.`, 'teams', 'team_not_found');
  if (f.key_alias && store.keys.findByAlias(f.key_alias))
    throw badRequest(`key_alias "${f.key_alias}" is taken by another key.`, 'key_alias', 'key_alias_taken');
  const made = store.db.transaction(() => {
    const user = store.users.create({
      id: f.user_id,
      alias: f.user_alias ?? undefined,
      email: f.user_email ?? undefined,
      role: f.user_role,
      models: f.models,
      maxBudgetUsd: f.max_budget ?? undefined,
      budgetDuration: f.budget_duration ?? undefined,
      metadata: f.metadata,
    });
    for (const t of f.teams ?? []) store.teams.addMember(t, user.id, 'user');
    const key = f.auto_create_key
      ? store.keys.create({ models: f.models ?? [], userId: user.id, alias: f.key_alias })
      : null;
    return { user, key };
  })();
  ctx.changed('keys');
  return {
    ...userView(ctx, made.user),
    key: made.key?.key ?? null,
    token: made.key ? store.keys.details(made.key.info.id)!.tokenHash : null,
  };
}

function update(ctx: AdminContext, f: z.infer<typeof UpdateUser>) {
  findUser(ctx, f.user_id);
  const user = ctx.rt.store.users.update(f.user_id, {
    alias: f.user_alias,
    email: f.user_email,
    role: f.user_role,
    models: f.models,
    maxBudgetUsd: f.max_budget,
    budgetDuration: f.budget_duration,
    metadata: f.metadata,
    spendUsd: f.spend,
  })!;
  ctx.rt.ledger.upsert({
    id: `user:${user.id}`,
    maxUsd: user.maxBudgetUsd,
    spentUsd: f.spend ?? ctx.rt.ledger.get(`user:${user.id}`)?.spentUsd ?? user.spendUsd,
    duration: user.budgetDuration,
    resetAt: user.budgetResetAt,
  });
  ctx.changed('keys');
  return userView(ctx, user);
}

function remove(ctx: AdminContext, f: z.infer<typeof DeleteUsers>) {
  const { store } = ctx.rt;
  const users = f.user_ids.map((id) => findUser(ctx, id));
  store.db.transaction(() => {
    for (const u of users) {
      for (const k of store.keys.page({ userId: u.id }, 0, 100_000).keys) store.keys.revoke(k.id);
      store.users.remove(u.id);
    }
  })();
  ctx.changed('keys');
  return { deleted_users: f.user_ids };
}

export async function handleUserRoute(ctx: AdminContext): Promise<void> {
  const { store } = ctx.rt;
  switch (ctx.path) {
    case '/user/info': {
      requireGet(ctx);
      const user = findUser(ctx, ctx.query.get('user_id') ?? '');
      const keys = store.keys.page({ userId: user.id }, 0, 1000).keys;
      const view = userView(ctx, user);
      return send(ctx, {
        user_id: user.id,
        user_info: view,
        keys: keys.map((k) => keyView(ctx, k)),
        teams: view.teams.map((id) => ({ team_id: id, team_alias: store.teams.get(id)?.alias ?? null })),
      });
    }
    case '/user/list': {
      requireGet(ctx);
      const q = parse(ListQuery, queryObject(ctx.query));
      const { users, total } = store.users.page((q.page - 1) * q.page_size, q.page_size);
      return send(ctx, {
        users: users.map((u) => userView(ctx, u)),
        total,
        page: q.page,
        page_size: q.page_size,
        total_pages: Math.max(1, Math.ceil(total / q.page_size)),
      });
    }
    case '/user/new':
      return send(ctx, create(ctx, await body(ctx, NewUser)));
    case '/user/update':
      return send(ctx, update(ctx, await body(ctx, UpdateUser)));
    case '/user/delete':
      return send(ctx, remove(ctx, await body(ctx, DeleteUsers)));
  }
  throw notFound(
    `No route ${ctx.method} ${ctx.path}. User routes: /user/new, /user/info, /user/update, /user/delete, /user/list.`,
    'route_not_found',
  );
}
