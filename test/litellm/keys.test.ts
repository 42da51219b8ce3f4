// /key/* as LiteLLM documents them, against a real gateway: ids from /key/list round-trip through
// info, update and delete; paging and filters; blocked keys refused on the next request; a chosen
// key; alias uniqueness; regenerate keeps settings and spend; delete by alias.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../shared/contract';
import type { GatewayFixture } from '../support/gateway-fixture';
import { call, chat, startLitellmGateway } from './support';

let f: GatewayFixture;
beforeAll(async () => {
  f = await startLitellmGateway();
});
afterAll(() => f?.close());

describe('/key/list ids round-trip', () => {
  it('list → info → update → delete accept the token /key/list returns', async () => {
    const made = await call(f, '/key/generate', { key_alias: 'roundtrip', models: ['chat'] });
    expect(made.status).toBe(200);
    const list = await call<{ keys: string[] }>(f, '/key/list?key_alias=roundtrip');
    expect(list.body.keys).toHaveLength(1);
    const token = list.body.keys[0];
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).toBe(made.body.token);

    const info = await call(f, `/key/info?key=${token}`);
    expect(info.status).toBe(200);
    expect(info.body.info).toMatchObject({ key_alias: 'roundtrip', models: ['chat'], token });

    const updated = await call(f, '/key/update', { key: token, rpm_limit: 7 });
    expect(updated.status).toBe(200);
    expect(updated.body.rpm_limit).toBe(7);

    const deleted = await call(f, '/key/delete', { keys: [token] });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_keys).toEqual([token]);
    expect((await call(f, `/key/info?key=${token}`)).status).toBe(404);
    expect((await chat(f, made.body.key as string)).status).toBe(401);
  });

  it('return_full_object, paging (page, size) and filters (key_alias, team_id)', async () => {
    const team = await call(f, '/team/new', { team_alias: 'paging-team' });
    for (let i = 0; i < 5; i++)
      expect((await call(f, '/key/generate', { key_alias: `page-${i}`, team_id: team.body.team_id })).status).toBe(200);
    const page1 = await call(f, `/key/list?team_id=${team.body.team_id}&page=1&size=2&return_full_object=true`);
    expect(page1.body).toMatchObject({ total_count: 5, current_page: 1, total_pages: 3 });
    expect(page1.body.keys).toHaveLength(2);
    expect(page1.body.keys[0]).toMatchObject({ team_id: team.body.team_id });
    const page3 = await call(f, `/key/list?team_id=${team.body.team_id}&page=3&size=2&return_full_object=true`);
    expect(page3.body.keys).toHaveLength(1);
    const aliases = [...page1.body.keys, ...page3.body.keys].map((k: { key_alias: string }) => k.key_alias);
    expect(new Set(aliases).size).toBe(3);
    const bad = await call(f, '/key/list?size=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('size');
  });
});

describe('blocking', () => {
  it('/key/update {blocked: true} refuses the key on the very next request, with a message that says so', async () => {
    const made = await call(f, '/key/generate', { key_alias: 'to-block' });
    const key = made.body.key as string;
    expect((await chat(f, key)).status).toBe(200);
    const blocked = await call(f, '/key/update', { key, blocked: true });
    expect(blocked.body.blocked).toBe(true);
    const refused = await chat(f, key);
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/blocked/);
    await call(f, '/key/unblock', { key });
    expect((await chat(f, key)).status).toBe(200);
    const again = await call(f, '/key/block', { key: made.body.token });
    expect(again.body.blocked).toBe(true);
    expect((await chat(f, key)).status).toBe(401);
    expect((await call(f, `/key/info?key=${made.body.token}`)).body.info.blocked).toBe(true);
  });
});

describe('/key/generate', () => {
  it('honours a caller-chosen key and refuses it twice, and refuses a taken key_alias', async () => {
    const chosen = 'sk-chosen-by-the-script-0001';
    const made = await call(f, '/key/generate', { key: chosen, key_alias: 'chosen' });
    expect(made.status).toBe(200);
    expect(made.body.key).toBe(chosen);
    expect((await chat(f, chosen)).status).toBe(200);
    const twice = await call(f, '/key/generate', { key: chosen });
    expect(twice.status).toBe(400);
    expect(twice.body.error.param).toBe('key');
    const alias = await call(f, '/key/generate', { key_alias: 'chosen' });
    expect(alias.status).toBe(400);
    expect(alias.body.error).toMatchObject({ param: 'key_alias', code: 'key_alias_taken' });
    const badKey = await call(f, '/key/generate', { key: 'not-a-key' });
    expect(badKey.status).toBe(400);
  });

  it('applies the same admission rules as keys.create: max_budget 0 and a fractional limit are refused by both', async () => {
    for (const [body, contractInput, param] of [
      [{ max_budget: 0 }, { maxBudgetUsd: 0 }, 'max_budget'],
      [{ rpm_limit: 1.5 }, { rpmLimit: 1.5 }, 'rpm_limit'],
    ] as const) {
      const refused = await call(f, '/key/generate', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', param });
      const contract = calls['keys.create'].input.safeParse(contractInput);
      expect(contract.success).toBe(false);
      expect(refused.body.error.message).toBe(`${param}: ${contract.error!.issues[0].message}`);
    }
  });
});

describe('/key/regenerate', () => {
  it('rotates the secret, keeping id, settings and spend; the old key stops working', async () => {
    const made = await call(f, '/key/generate', { key_alias: 'rotate-me', models: ['chat'], rpm_limit: 50 });
    const old = made.body.key as string;
    expect((await chat(f, old)).status).toBe(200);
    f.rt.writer.flush();
    const before = (await call(f, `/key/info?key=${old}`)).body.info;
    expect(before.spend).toBeGreaterThan(0);

    const rotated = await call(f, '/key/regenerate', { key: old });
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).not.toBe(old);
    expect(rotated.body).toMatchObject({
      token_id: before.token_id,
      key_alias: 'rotate-me',
      models: ['chat'],
      rpm_limit: 50,
    });
    expect(rotated.body.spend).toBeCloseTo(before.spend, 12);
    expect((await chat(f, old)).status).toBe(401);
    expect((await chat(f, rotated.body.key as string)).status).toBe(200);

    const byPath = await call(f, `/key/${rotated.body.key}/regenerate`, { new_key: 'sk-rotated-by-path-00000001' });
    expect(byPath.body.key).toBe('sk-rotated-by-path-00000001');
    expect((await chat(f, 'sk-rotated-by-path-00000001')).status).toBe(200);
  });
});

describe('/key/delete', () => {
  it('deletes by key_aliases; an unknown alias is a 404 and nothing is deleted', async () => {
    const a = await call(f, '/key/generate', { key_alias: 'del-a' });
    const b = await call(f, '/key/generate', { key_alias: 'del-b' });
    const unknown = await call(f, '/key/delete', { key_aliases: ['del-a', 'no-such-alias'] });
    expect(unknown.status).toBe(404);
    expect((await chat(f, a.body.key as string)).status).toBe(200);
    const deleted = await call(f, '/key/delete', { key_aliases: ['del-a', 'del-b'] });
    expect(deleted.body.deleted_keys).toEqual(['del-a', 'del-b']);
    expect((await chat(f, a.body.key as string)).status).toBe(401);
    expect((await chat(f, b.body.key as string)).status).toBe(401);
  });

  it('needs the master key', async () => {
    const made = await call(f, '/key/generate', {});
    const asKey = await call(f, '/key/list', undefined, made.body.key as string);
    expect(asKey.status).toBe(403);
    expect(asKey.body.error.code).toBe('master_key_required');
  });
});
