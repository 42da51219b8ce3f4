// Model groups: the public model names clients ask for, their targets and fallback chains.
import type Database from 'better-sqlite3';
import type { ModelGroup } from '../../../shared/schemas';

type GroupRow = { name: string; strategy: ModelGroup['strategy']; created_at: number };
type TargetRow = { group_name: string; kind: ModelGroup['targets'][number]['kind']; ref: string; weight: number; order_index: number };
type FallbackRow = { group_name: string; fallback_name: string };

export class ModelGroupsRepo {
  constructor(private readonly db: Database.Database) {}

  list(): ModelGroup[] {
    const groups = this.db.prepare(`SELECT name, strategy, created_at FROM model_groups ORDER BY name`).all() as GroupRow[];
    const targets = this.db.prepare(`SELECT * FROM model_group_targets ORDER BY order_index, ref`).all() as TargetRow[];
    const fallbacks = this.db.prepare(`SELECT group_name, fallback_name FROM fallbacks WHERE kind = 'default' ORDER BY position`).all() as FallbackRow[];
    return groups.map((g) => ({
      name: g.name,
      strategy: g.strategy,
      createdAt: new Date(g.created_at).toISOString(),
      targets: targets.filter((t) => t.group_name === g.name).map((t) => ({ kind: t.kind, ref: t.ref, weight: t.weight, order: t.order_index })),
      fallbacks: fallbacks.filter((f) => f.group_name === g.name).map((f) => f.fallback_name),
    }));
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM model_groups`).get() as { n: number }).n;
  }
}
