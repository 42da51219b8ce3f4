// LiteLLM's /team/* routes: new (with a chosen team_id and members), info, list (GET), update,
// delete (team_ids; refused while live keys name the team), member_add, member_delete. A team's
// budget and limits are shared by every key that names it.
import { z } from 'zod';
import { BudgetDuration, BudgetUsd, KeyAlias, RateLimit } from '../../../../shared/schemas';
import type { Team } from '../../store/teams';
import { GatewayError } from '../http-io';
import { type AdminContext, badRequest, body, iso, notFound, requireGet, send } from './context';

const Member = z.object({
  user_id: z.string().min(1),
  role: z.enum(['admin', 'user']).default('user'),
  user_email: z.string().optional(),
});
const TeamFields = z.object({
  team_alias: KeyAlias.nullish(),
  max_budget: BudgetUsd.nullish(),
  budget_duration: BudgetDuration.nullish(),
  rpm_limit: RateLimit.nullish(),
  tpm_limit: RateLimit.nullish(),
});
const NewTeam = TeamFields.extend({
  team_id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and ._:- (at most 100)')
    .optional(),
  members_with_roles: z.array(Member).optional(),
});
const UpdateTeam = TeamFields.extend({ team_id: z.string().min(1) });
const DeleteTeams = z.object({ team_ids: z.array(z.string().min(1)).min(1) });
const MemberAdd = z.object({ team_id: z.string().min(1), member: z.union([Member, z.array(Member).min(1)]) });
const MemberDelete = z
  .object({ team_id: z.string().min(1), user_id: z.string().min(1).optional(), user_email: z.string().optional() })
  .refine((b) => b.user_id, { message: 'give the member by user_id', path: ['user_id'] });

export function findTeam(ctx: AdminContext, id: string): Team {
  const team = ctx.rt.store.teams.get(id);
  if (!team) throw notFound(`No team "${id}": /team/list shows the teams there are.`, 'team_not_found', 'team_id');
  return team;
}

export function teamView(ctx: AdminContext, team: Team) {
  const live = ctx.rt.ledger.get(`team:${team.id}`);
  const members = ctx.rt.store.teams.members(team.id);
  return {
    team_id: team.id,
    team_alias: team.alias,
    max_budget: team.maxBudgetUsd,
    budget_duration: team.budgetDuration,
    budget_reset_at: iso(live?.resetAt ?? team.budgetResetAt),
    spend: live?.spentUsd ?? team.spendUsd,
    rpm_limit: team.rpmLimit,
    tpm_limit: team.tpmLimit,
    members_with_roles: members.map((m) => ({ user_id: m.userId, role: m.role })),
    admins: members.filter((m) => m.role === 'admin').map((m) => m.userId),
    members: members.map((m) => m.userId),
  };
}

function checkAliasFree(ctx: AdminContext, alias: string | null | undefined, except?: string): void {
  if (alias && ctx.rt.store.teams.list().some((t) => t.alias === alias && t.id !== except))
    throw badRequest(`team_alias "${alias}" is taken: choose another.`, 'team_alias', 'team_alias_taken');
}

function checkUsers(ctx: AdminContext, members: Array<{ user_id: string }>): void {
  for (const m of members)
    if (!ctx.rt.store.users.get(m.user_id))
      throw badRequest(`No user "${m.user_id}": create it with /user/new first.`, 'user_id', 'user_not_found');
}

function create(ctx: AdminContext, f: z.infer<typeof NewTeam>) {
  const { store } = ctx.rt;
  checkAliasFree(ctx, f.team_alias);
  if (f.team_id && store.teams.get(f.team_id))
    throw badRequest(`team_id "${f.team_id}" exists already.`, 'team_id', 'team_id_taken');
  checkUsers(ctx, f.members_with_roles ?? []);
  const spec = {
    alias: f.team_alias ?? undefined,
    maxBudgetUsd: f.max_budget ?? undefined,
    budgetDuration: f.budget_duration ?? undefined,
    rpmLimit: f.rpm_limit ?? undefined,
    tpmLimit: f.tpm_limit ?? undefined,
  };
  const team = store.db.transaction(() => {
    const made = f.team_id ? store.teams.createWithId(f.team_id, spec) : store.teams.create(spec);
    for (const m of f.members_with_roles ?? []) store.teams.addMember(made.id, m.user_id, m.role);
    return made;
  })();
  ctx.changed('keys');
  return teamView(ctx, team);
}

function update(ctx: AdminContext, f: z.infer<typeof UpdateTeam>) {
  findTeam(ctx, f.team_id);
  checkAliasFree(ctx, f.team_alias, f.team_id);
  const team = ctx.rt.store.teams.update(f.team_id, {
    alias: f.team_alias ?? undefined,
    maxBudgetUsd: f.max_budget,
    budgetDuration: f.budget_duration,
    rpmLimit: f.rpm_limit,
    tpmLimit: f.tpm_limit,
  })!;
  // The ledger holds the team's budget from its first use; a changed budget must apply at once.
  ctx.rt.ledger.upsert({
    id: `team:${team.id}`,
    maxUsd: team.maxBudgetUsd,
    spentUsd: ctx.rt.ledger.get(`team:${team.id}`)?.spentUsd ?? team.spendUsd,
    duration: team.budgetDuration,
    resetAt: team.budgetResetAt,
  });
  ctx.changed('keys');
  return teamView(ctx, team);
}

function remove(ctx: AdminContext, f: z.infer<typeof DeleteTeams>) {
  const { store } = ctx.rt;
  const teams = f.team_ids.map((id) => findTeam(ctx, id));
  for (const t of teams) {
    const live = store.keys.page({ teamId: t.id }, 0, 1).total;
    if (live > 0)
      throw new GatewayError(
        409,
        'invalid_request_error',
        `Team "${t.alias ?? t.id}" still has ${live} key${live > 1 ? 's' : ''}: delete them first (/key/delete), then the team.`,
        'team_has_keys',
        'team_ids',
      );
  }
  store.db.transaction(() => teams.forEach((t) => store.teams.remove(t.id)))();
  ctx.changed('keys');
  return { deleted_teams: f.team_ids };
}

export async function handleTeamRoute(ctx: AdminContext): Promise<void> {
  const { store } = ctx.rt;
  switch (ctx.path) {
    case '/team/info': {
      requireGet(ctx);
      const team = findTeam(ctx, ctx.query.get('team_id') ?? '');
      const keys = store.keys.page({ teamId: team.id }, 0, 1000).keys;
      // LiteLLM nests the team in team_info; the same fields at the top level keep older scripts working.
      return send(ctx, {
        ...teamView(ctx, team),
        team_info: teamView(ctx, team),
        keys: keys.map((k) => store.keys.details(k.id)!.tokenHash),
      });
    }
    case '/team/list':
      requireGet(ctx);
      return send(
        ctx,
        store.teams.list().map((t) => teamView(ctx, t)),
      );
    case '/team/new':
      return send(ctx, create(ctx, await body(ctx, NewTeam)));
    case '/team/update':
      return send(ctx, update(ctx, await body(ctx, UpdateTeam)));
    case '/team/delete':
      return send(ctx, remove(ctx, await body(ctx, DeleteTeams)));
    case '/team/member_add': {
      const f = await body(ctx, MemberAdd);
      const team = findTeam(ctx, f.team_id);
      const members = Array.isArray(f.member) ? f.member : [f.member];
      checkUsers(ctx, members);
      store.db.transaction(() => members.forEach((m) => store.teams.addMember(team.id, m.user_id, m.role)))();
      ctx.changed('keys');
      return send(ctx, teamView(ctx, team));
    }
    case '/team/member_delete': {
      const f = await body(ctx, MemberDelete);
      const team = findTeam(ctx, f.team_id);
      if (!store.teams.removeMember(team.id, f.user_id!))
        throw notFound(`User "${f.user_id}" is not a member of team "${team.id}".`, 'member_not_found', 'user_id');
      ctx.changed('keys');
      return send(ctx, teamView(ctx, team));
    }
  }
  throw notFound(
    `No route ${ctx.method} ${ctx.path}. Team routes: /team/new, /team/info, /team/list, /team/update, /team/delete, /team/member_add, /team/member_delete.`,
    'route_not_found',
  );
}
