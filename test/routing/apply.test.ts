// Diff, apply and the live figures of the routing editor against a real SQLite store: apply writes
// the whole table or nothing, keeps each group's settings, reloads the gateway once and announces it.
import { describe, expect, it, vi } from 'vitest';
import type { ProposedTable } from '../../shared/contract-routing';
import { ChangeNotice } from '../../electron/core/changes';
import { ApiError } from '../../electron/core/errors';
import { EventBus } from '../../electron/core/events';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import type { Store } from '../../electron/core/store';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { applyProposal } from '../../electron/core/routing-editor/apply';
import { readCurrentTable, tableVersion } from '../../electron/core/routing-editor/current-table';
import { diffTables } from '../../electron/core/routing-editor/diff';
import { edgeTraffic, targetStates } from '../../electron/core/routing-editor/live';
import { proposalYaml } from '../../electron/core/routing-editor/yaml';
import { useTempStores } from '../support/temp-store';

const { openStore, tempDir } = useTempStores('routing');

function seeded(): Store {
  const store = openStore();
  for (const name of ['sim-a', 'sim-b', 'sim-c']) {
    store.endpoints.upsert({
      name,
      provider: 'hosted_vllm',
      baseUrl: `http://127.0.0.1:9/${name}/v1`,
      model: name,
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
    });
  }
  store.modelGroups.replaceAll(
    [
      {
        name: 'chat',
        strategy: 'simple-shuffle',
        settings: { numRetries: 5, cooldownMs: 1_000 },
        targets: [{ kind: 'endpoint', ref: 'sim-a', weight: 1, order: 0 }],
        fallbacks: ['big'],
        contextWindowFallbacks: [],
      },
      {
        name: 'big',
        strategy: 'least-busy',
        targets: [{ kind: 'endpoint', ref: 'sim-c', weight: 1, order: 0 }],
        fallbacks: [],
        contextWindowFallbacks: [],
      },
    ],
    { fast: 'chat' },
  );
  return store;
}

const proposal = (store: Store, edit: (t: ProposedTable) => void): ProposedTable => {
  const t = structuredClone(readCurrentTable(store));
  edit(t);
  return t;
};

// A real change notice: the gateway reload is counted, routing.changed heard on a real event bus.
const deps = (store: Store) => {
  const events = new EventBus();
  const reloadGateway = vi.fn();
  const changed = vi.fn();
  events.on('routing.changed', changed);
  return { store, changes: new ChangeNotice(store, events, reloadGateway), reloadGateway, changed };
};

describe('diff', () => {
  it('says in words what an apply would change', () => {
    const store = seeded();
    const before = readCurrentTable(store);
    const after = proposal(store, (t) => {
      const chat = t.groups.find((g) => g.name === 'chat')!;
      chat.strategy = 'kv-aware';
      chat.targets[0].weight = 3;
      chat.targets.push({ kind: 'endpoint', ref: 'sim-b', weight: 1, order: 0 });
      chat.contextWindowFallbacks = ['big'];
      t.groups = t.groups.filter((g) => g.name !== 'big');
      t.groups.push({
        name: 'big2',
        strategy: 'simple-shuffle',
        targets: [{ kind: 'endpoint', ref: 'sim-c', weight: 1, order: 0 }],
        fallbacks: [],
        contextWindowFallbacks: [],
      });
      t.aliases = { quick: 'chat' };
    });
    expect(diffTables(before, after).map((c) => `${c.action}: ${c.text}`)).toEqual([
      'changed: chat: strategy weighted shuffle → KV-cache aware',
      'changed: chat: endpoint sim-a weight 1 → 3',
      'added: chat: new target endpoint sim-b (weight 1, order 0)',
      'changed: chat: context-window fallbacks were none, now big',
      'added: New group big2 (weighted shuffle) → endpoint sim-c (weight 1, order 0)',
      'removed: Group big removed: requests for it will get 404',
      'added: New alias quick → chat',
      'removed: Alias fast (→ chat) removed',
    ]);
    expect(diffTables(before, structuredClone(before))).toEqual([]);
  });
});

describe('apply', () => {
  it('writes the table, keeps group settings, reloads the gateway once and announces the change', () => {
    const store = seeded();
    const d = deps(store);
    const next = proposal(store, (t) => {
      t.groups[1].targets = [
        { kind: 'endpoint', ref: 'sim-a', weight: 3, order: 0 },
        { kind: 'endpoint', ref: 'sim-b', weight: 1, order: 0 },
      ];
    });
    const result = applyProposal(d, next, tableVersion(readCurrentTable(store)));
    expect(result.changes.map((c) => c.text)).toEqual([
      'chat: endpoint sim-a weight 1 → 3',
      'chat: new target endpoint sim-b (weight 1, order 0)',
    ]);
    const chat = store.modelGroups.list().find((g) => g.name === 'chat')!;
    expect(chat.targets).toEqual([
      { kind: 'endpoint', ref: 'sim-a', weight: 3, order: 0 },
      { kind: 'endpoint', ref: 'sim-b', weight: 1, order: 0 },
    ]);
    expect(chat.settings).toEqual({ numRetries: 5, cooldownMs: 1_000 });
    expect(store.modelGroups.aliases()).toEqual({ fast: 'chat' });
    expect(d.reloadGateway).toHaveBeenCalledTimes(1);
    expect(d.changed).toHaveBeenCalledWith({ groups: 2 });
    expect(result.version).toBe(tableVersion(readCurrentTable(store)));
  });

  it('refuses an invalid table with its problems and changes nothing', () => {
    const store = seeded();
    const before = readCurrentTable(store);
    const d = deps(store);
    const bad = proposal(store, (t) => {
      t.groups[0].fallbacks = ['chat']; // big → chat → big
      t.groups[1].targets.push({ kind: 'deployment', ref: 'not-deployed', weight: 1, order: 0 });
    });
    let error: unknown;
    try {
      applyProposal(d, bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    expect((error as ApiError).message).toMatch(/not applied \(nothing changed\)/);
    expect((error as ApiError).message).toMatch(/cycle \(big → chat → big\)/);
    expect((error as ApiError).fields?.map((f) => f.path)).toContain('table.target:deployment:not-deployed');
    expect(readCurrentTable(store)).toEqual(before);
    expect(d.reloadGateway).not.toHaveBeenCalled();
  });

  it('refuses an edit made on a stale copy (another apply came first)', () => {
    const store = seeded();
    const stale = tableVersion(readCurrentTable(store));
    applyProposal(
      deps(store),
      proposal(store, (t) => (t.groups[0].strategy = 'kv-aware')),
      stale,
    );
    const mine = proposal(store, (t) => (t.aliases = {}));
    expect(() => applyProposal(deps(store), mine, stale)).toThrow(/changed elsewhere/);
    expect(store.modelGroups.aliases()).toEqual({ fast: 'chat' });
  });

  it('leaves the old table whole when the write fails part-way', () => {
    const store = seeded();
    const before = readCurrentTable(store);
    // A real failure inside the transaction, after the old rows are deleted and some new ones written.
    store.db.exec(
      `CREATE TRIGGER fail_on_sim_b BEFORE INSERT ON model_group_targets WHEN NEW.ref = 'sim-b' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;`,
    );
    const d = deps(store);
    const next = proposal(store, (t) => {
      t.groups.push({
        name: 'zz-new',
        strategy: 'simple-shuffle',
        targets: [
          { kind: 'endpoint', ref: 'sim-a', weight: 1, order: 0 },
          { kind: 'endpoint', ref: 'sim-b', weight: 1, order: 0 },
        ],
        fallbacks: [],
        contextWindowFallbacks: [],
      });
    });
    expect(() => applyProposal(d, next)).toThrow(/disk full/);
    expect(readCurrentTable(store)).toEqual(before);
    expect(d.reloadGateway).not.toHaveBeenCalled();
    expect(d.changed).not.toHaveBeenCalled();
  });
});

describe('live figures', () => {
  it('gives each edge its share of the group over the last 15 minutes and its error rate', () => {
    const store = seeded();
    const now = Date.now();
    const row = (group: string, target: string | null, status: number, ago: number): NewRequestLog => ({
      id: `r${Math.random()}`,
      at: now - ago,
      keyId: null,
      modelGroup: group,
      deployment: target,
      status,
      promptTokens: 1,
      completionTokens: 1,
      costUsd: 0,
      latencyMs: 5,
      ttftMs: null,
      attempts: 1,
      errorClass: null,
    });
    store.requestLog.insertMany([
      ...Array.from({ length: 6 }, () => row('chat', 'sim-a', 200, 1_000)),
      row('chat', 'sim-a', 502, 2_000),
      row('chat', 'sim-b', 200, 60_000),
      ...Array.from({ length: 2 }, () => row('chat', null, 503, 3_000)),
      // Older than the window: not counted.
      ...Array.from({ length: 5 }, () => row('chat', 'sim-b', 200, 40 * 60_000)),
    ]);
    const { edges, groups } = edgeTraffic(store, now);
    const a = edges.find((e) => e.target === 'sim-a')!;
    expect(a).toMatchObject({ group: 'chat', requests: 7, errors: 1 });
    expect(a.share).toBeCloseTo(0.7);
    expect(a.errorRate).toBeCloseTo(1 / 7);
    expect(edges.find((e) => e.target === 'sim-b')).toMatchObject({ requests: 1, share: 0.1 });
    expect(groups).toEqual([{ group: 'chat', requests: 10, errors: 3, unserved: 2 }]);
  });

  it("colours a target by the gateway's view: cooling down, or failing since its last request", () => {
    const store = seeded();
    const states = targetStates(store, [
      { key: 'endpoint:sim-a', cooldownMs: 12_300, lastFailure: 'connection failed (ECONNREFUSED)' },
      { key: 'endpoint:sim-b', cooldownMs: 0, lastFailure: 'HTTP 500' },
    ]);
    const by = Object.fromEntries(states.map((s) => [s.ref, s]));
    expect(by['sim-a']).toMatchObject({
      state: 'cooldown',
      stateReason: 'cooling down for 13 s after: connection failed (ECONNREFUSED)',
    });
    expect(by['sim-b']).toMatchObject({ state: 'down', stateReason: 'last request failed: HTTP 500' });
    expect(by['sim-c']).toMatchObject({ state: 'ready', stateReason: null, detail: 'hosted_vllm · sim-c' });
  });
});

describe('yaml', () => {
  it('writes the proposal (not the stored table) as a LiteLLM config', () => {
    const store = seeded();
    const secrets = secretBox(loadDataKey(tempDir()));
    const yaml = proposalYaml(
      store,
      secrets,
      proposal(store, (t) => {
        t.groups.push({
          name: 'new-route',
          strategy: 'simple-shuffle',
          targets: [{ kind: 'endpoint', ref: 'sim-b', weight: 3, order: 0 }],
          fallbacks: ['big'],
          contextWindowFallbacks: [],
        });
      }),
    );
    expect(yaml).toMatch(/model_name: new-route/);
    expect(yaml).toMatch(/weight: 3/);
    expect(yaml).toMatch(/- new-route:\n\s+- big/);
    // The stored table is untouched.
    expect(store.modelGroups.list().map((g) => g.name)).toEqual(['big', 'chat']);
  });
});
