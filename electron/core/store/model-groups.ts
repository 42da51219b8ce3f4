// Model groups: the public model names clients ask for, their targets, fallback chains and aliases.
import type Database from 'better-sqlite3';
import type { ModelGroup } from '../../../shared/schemas';
import type { Clock } from '../clock';

/** Per-group router settings (LiteLLM's router_settings, per group). Units in the names. */
export interface GroupSettings {
  numRetries?: number;
  timeoutMs?: number;
  allowedFails?: number;
  cooldownMs?: number;
}

export interface GroupSpec {
  name: string;
  strategy: ModelGroup['strategy'];
  settings?: GroupSettings;
  targets: Array<{ kind: ModelGroup['targets'][number]['kind']; ref: string; weight: number; order: number }>;
  fallbacks: string[];
  contextWindowFallbacks: string[];
}

type GroupRow = { name: string; strategy: ModelGroup['strategy']; settings: string; created_at: number };
type TargetRow = {
  group_name: string;
  kind: ModelGroup['targets'][number]['kind'];
  ref: string;
  weight: number;
  order_index: number;
};
type FallbackRow = { group_name: string; fallback_name: string; kind: 'default' | 'context_window' };

export class ModelGroupsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  list(): Array<ModelGroup & { settings: GroupSettings }> {
    const groups = this.db
      .prepare(`SELECT name, strategy, settings, created_at FROM model_groups ORDER BY name`)
      .all() as GroupRow[];
    const targets = this.db.prepare(`SELECT * FROM model_group_targets ORDER BY order_index, ref`).all() as TargetRow[];
    const fallbacks = this.db
      .prepare(`SELECT group_name, fallback_name, kind FROM fallbacks ORDER BY position`)
      .all() as FallbackRow[];
    const chain = (group: string, kind: FallbackRow['kind']) =>
      fallbacks.filter((f) => f.group_name === group && f.kind === kind).map((f) => f.fallback_name);
    return groups.map((g) => ({
      name: g.name,
      strategy: g.strategy,
      settings: JSON.parse(g.settings) as GroupSettings,
      createdAt: new Date(g.created_at).toISOString(),
      targets: targets
        .filter((t) => t.group_name === g.name)
        .map((t) => ({ kind: t.kind, ref: t.ref, weight: t.weight, order: t.order_index })),
      fallbacks: chain(g.name, 'default'),
      contextWindowFallbacks: chain(g.name, 'context_window'),
    }));
  }

  aliases(): Record<string, string> {
    const rows = this.db.prepare(`SELECT alias, group_name FROM model_group_aliases`).all() as Array<{
      alias: string;
      group_name: string;
    }>;
    return Object.fromEntries(rows.map((r) => [r.alias, r.group_name]));
  }

  /** Creates or replaces one group with its targets and fallbacks. */
  upsert(spec: GroupSpec): void {
    this.db.transaction(() => this.write(spec))();
  }

  /** Replaces the whole routing table in one transaction: readers see the old or the new, never a mix. */
  replaceAll(groups: GroupSpec[], aliases: Record<string, string> = {}): void {
    this.db.transaction(() => {
      this.db.exec(
        `DELETE FROM fallbacks; DELETE FROM model_group_targets; DELETE FROM model_groups; DELETE FROM model_group_aliases;`,
      );
      for (const group of groups) this.write(group);
      const insertAlias = this.db.prepare(`INSERT INTO model_group_aliases (alias, group_name) VALUES (?, ?)`);
      for (const [alias, group] of Object.entries(aliases)) insertAlias.run(alias, group);
    })();
  }

  private write(spec: GroupSpec): void {
    this.db
      .prepare(`
      INSERT INTO model_groups (name, strategy, settings, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET strategy = excluded.strategy, settings = excluded.settings`)
      .run(spec.name, spec.strategy, JSON.stringify(spec.settings ?? {}), this.clock.now());
    this.db.prepare(`DELETE FROM model_group_targets WHERE group_name = ?`).run(spec.name);
    this.db.prepare(`DELETE FROM fallbacks WHERE group_name = ?`).run(spec.name);
    const insertTarget = this.db.prepare(
      `INSERT INTO model_group_targets (group_name, kind, ref, weight, order_index) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const t of spec.targets) insertTarget.run(spec.name, t.kind, t.ref, t.weight, t.order);
    const insertFallback = this.db.prepare(
      `INSERT INTO fallbacks (group_name, position, fallback_name, kind) VALUES (?, ?, ?, ?)`,
    );
    spec.fallbacks.forEach((f, i) => insertFallback.run(spec.name, i, f, 'default'));
    spec.contextWindowFallbacks.forEach((f, i) => insertFallback.run(spec.name, i, f, 'context_window'));
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM model_groups`).get() as { n: number }).n;
  }
}
