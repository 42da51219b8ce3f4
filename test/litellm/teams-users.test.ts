// /team/* and /user/* as LiteLLM documents them, against a real gateway: a team listed, updated,
// given members and deleted (refused while keys name it); users that own keys, whose budget is a
// third scope the gateway enforces, listed in pages and deleted with their keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayFixture } from '../support/gateway-fixture';
import { call, chat, startLitellmGateway } from './support';

let f: GatewayFixture;
beforeAll(async () => {
  f = await startLitellmGateway();
});
afterAll(() => f?.close());

describe('/team/*', () => {
  it('new with a chosen team_id, list (GET), update, member_add, member_delete, delete', async () => {
    expect((await call(f, '/user/new', { user_id: 'ana', auto_create_key: false })).status).toBe(200);
    expect((await call(f, '/user/new', { user_id: 'bo', auto_create_key: false })).status).toBe(200);
    const made = await call(f, '/team/new', {
      team_id: 'search-team',
      team_alias: 'search',
      max_budget: 10,
      members_with_roles: [{ user_id: 'ana', role: 'admin' }],
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ team_id: 'search-team', team_alias: 'search', admins: ['ana'] });

    const list = await call<Array<{ team_id: string }>>(f, '/team/list');
    expect(list.body.map((t) => t.team_id)).toContain('search-team');

    const updated = await call(f, '/team/update', { team_id: 'search-team', rpm_limit: 2, team_alias: 'search-2' });
    expect(updated.body).toMatchObject({ rpm_limit: 2, team_alias: 'search-2', max_budget: 10 });

    const added = await call(f, '/team/member_add', {
      team_id: 'search-team',
      member: { user_id: 'bo', role: 'user' },
    });
    expect(added.body.members).toEqual(['ana', 'bo']);
    expect((await call(f, '/user/info?user_id=bo')).body.user_info.teams).toEqual(['search-team']);
    const removed = await call(f, '/team/member_delete', { team_id: 'search-team', user_id: 'bo' });
    expect(removed.body.members).toEqual(['ana']);
    expect((await call(f, '/team/member_delete', { team_id: 'search-team', user_id: 'bo' })).status).toBe(404);
    expect((await call(f, '/team/member_add', { team_id: 'search-team', member: { user_id: 'nobody' } })).status).toBe(
      400,
    );

    // The team's rpm limit applies to its keys at once.
    const key = (await call(f, '/key/generate', { team_id: 'search-team' })).body.key as string;
    expect((await chat(f, key)).status).toBe(200);
    expect((await chat(f, key)).status).toBe(200);
    expect((await chat(f, key)).status).toBe(429);

    const refused = await call(f, '/team/delete', { team_ids: ['search-team'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/still has 1 key/);
    await call(f, '/key/delete', { keys: [key] });
    const deleted = await call(f, '/team/delete', { team_ids: ['search-team'] });
    expect(deleted.body).toEqual({ deleted_teams: ['search-team'] });
    expect((await call(f, '/team/info?team_id=search-team')).status).toBe(404);
  });

  it('refuses a taken team_alias and an unknown team with the field named', async () => {
    await call(f, '/team/new', { team_alias: 'unique-alias' });
    const twice = await call(f, '/team/new', { team_alias: 'unique-alias' });
    expect(twice.status).toBe(400);
    expect(twice.body.error.param).toBe('team_alias');
    const unknown = await call(f, '/team/update', { team_id: 'no-such-team', rpm_limit: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.param).toBe('team_id');
  });
});

describe('/user/*', () => {
  it('new makes a key for the user; the user budget is enforced across its keys', async () => {
    const user = await call(f, '/user/new', { user_id: 'budgeted', user_email: 'b@example.com', max_budget: 0.0001 });
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({ user_id: 'budgeted', user_email: 'b@example.com', max_budget: 0.0001 });
    const first = user.body.key as string;
    expect(first).toMatch(/^sk-/);
    const second = (await call(f, '/key/generate', { user_id: 'budgeted' })).body.key as string;

    // Each request costs a few $0.00001 (prompt tokens at $1e-6, 4 output tokens at $2e-6): the
    // user budget runs out over the two keys, while each key alone has no budget.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await chat(f, i % 2 ? second : first)).status);
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
    f.rt.writer.flush();
    const info = await call(f, '/user/info?user_id=budgeted');
    expect(info.body.user_info.spend).toBeGreaterThan(0);
    expect(info.body.user_info.spend).toBeLessThanOrEqual(0.0001 + 1e-12);
    expect(info.body.keys).toHaveLength(2);
    expect(f.store.users.get('budgeted')!.spendUsd).toBeCloseTo(info.body.user_info.spend, 12);

    // Raising the budget applies to the next request.
    await call(f, '/user/update', { user_id: 'budgeted', max_budget: 1 });
    expect((await chat(f, first)).status).toBe(200);
  });

  it('list pages, update and delete (the user keys go with it)', async () => {
    for (const id of ['pg-1', 'pg-2', 'pg-3']) await call(f, '/user/new', { user_id: id, user_alias: id });
    const page = await call(f, '/user/list?page=1&page_size=2');
    expect(page.body).toMatchObject({ page: 1, page_size: 2 });
    expect(page.body.users).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.total_pages).toBe(Math.ceil(page.body.total / 2));

    const updated = await call(f, '/user/update', { user_id: 'pg-1', user_role: 'internal_user_viewer' });
    expect(updated.body.user_role).toBe('internal_user_viewer');

    const key = (await call(f, '/user/info?user_id=pg-2')).body.keys[0];
    const made = (await call(f, '/user/new', { user_id: 'pg-4' })).body.key as string;
    expect((await chat(f, made)).status).toBe(200);
    const deleted = await call(f, '/user/delete', { user_ids: ['pg-2', 'pg-4'] });
    expect(deleted.body).toEqual({ deleted_users: ['pg-2', 'pg-4'] });
    expect((await call(f, `/key/info?key=${key.token}`)).status).toBe(404);
    expect((await chat(f, made)).status).toBe(401);
    expect((await call(f, '/user/info?user_id=pg-2')).status).toBe(404);
    const bad = await call(f, '/user/new', { user_id: 'x', max_budget: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('max_budget');
  });
});
