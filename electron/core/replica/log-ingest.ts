// The instance's request-log ingest for gateway replicas: batches of rows a replica spooled and
// shipped, written through the request log's own insert (rows and rollups in one transaction) and
// idempotent by request id: a row the instance already has (a batch replayed after a lost answer
// or a replica's restart) is counted and skipped, so every row lands exactly once. The cost of a
// new row is added to its key's, team's and user's spend, so budgets on the instance see what
// replicas charged; a replica that shares budgets through Redis sends the settled totals instead.
import type Database from 'better-sqlite3';
import type { ChangeNotice } from '../changes';
import type { Store } from '../store';
import type { LogBatch, LogBatchReceipt } from './replica-wire';

export class ReplicaLogIngest {
  /** request_logs is keyed by seq; (at, id) finds a row through the request_logs_at index. */
  private readonly has: Database.Statement;
  private readonly keyOwner: Database.Statement;
  private readonly addKeySpend: Database.Statement;
  private readonly addTeamSpend: Database.Statement;
  private readonly addUserSpend: Database.Statement;
  private readonly raiseKeySpend: Database.Statement;
  private readonly raiseTeamSpend: Database.Statement;
  private readonly raiseUserSpend: Database.Statement;

  constructor(
    private readonly store: Store,
    private readonly changes: ChangeNotice,
  ) {
    const db = store.db;
    this.has = db.prepare(`SELECT 1 FROM request_logs WHERE at = ? AND id = ?`);
    this.keyOwner = db.prepare(`SELECT user_id FROM virtual_keys WHERE id = ?`);
    this.addKeySpend = db.prepare(`UPDATE virtual_keys SET spend_usd = spend_usd + ? WHERE id = ?`);
    this.addTeamSpend = db.prepare(`UPDATE teams SET spend_usd = spend_usd + ? WHERE id = ?`);
    this.addUserSpend = db.prepare(`UPDATE users SET spend_usd = spend_usd + ? WHERE id = ?`);
    // A total of a later period replaces the stored one; of the same period, the larger stays.
    const raise = (table: string) =>
      db.prepare(`UPDATE ${table} SET
          spend_usd = CASE WHEN coalesce(@resetAt, 0) > coalesce(budget_reset_at, 0) THEN @spent ELSE max(spend_usd, @spent) END,
          budget_reset_at = CASE WHEN coalesce(@resetAt, 0) > coalesce(budget_reset_at, 0) THEN @resetAt ELSE budget_reset_at END
        WHERE id = @id`);
    this.raiseKeySpend = raise('virtual_keys');
    this.raiseTeamSpend = raise('teams');
    this.raiseUserSpend = raise('users');
  }

  ingest(batch: LogBatch): LogBatchReceipt {
    let spent = false;
    const receipt = this.store.db
      .transaction(() => {
        const fresh: LogBatch['rows'] = [];
        const inBatch = new Set<string>();
        for (const row of batch.rows) {
          const id = `${row.at}:${row.id}`;
          if (inBatch.has(id) || this.has.get(row.at, row.id)) continue;
          inBatch.add(id);
          fresh.push(row);
        }
        if (fresh.length) this.store.requestLog.insertMany(fresh);
        // Shared budgets: Redis counted the costs; its totals only ever grow within a period.
        for (const total of batch.spend) {
          spent = true;
          const colon = total.scope.indexOf(':');
          const [kind, id] = [total.scope.slice(0, colon), total.scope.slice(colon + 1)];
          const update =
            kind === 'team' ? this.raiseTeamSpend : kind === 'user' ? this.raiseUserSpend : this.raiseKeySpend;
          update.run({ spent: total.spentUsd, resetAt: total.resetAt, id });
        }
        if (batch.spendShared) return { written: fresh.length, alreadyHad: batch.rows.length - fresh.length };
        for (const row of fresh) {
          if (!(row.costUsd > 0) || !row.keyId) continue;
          spent = true;
          this.addKeySpend.run(row.costUsd, row.keyId);
          if (row.teamId) this.addTeamSpend.run(row.costUsd, row.teamId);
          const owner = this.keyOwner.get(row.keyId) as { user_id: string | null } | undefined;
          if (owner?.user_id) this.addUserSpend.run(row.costUsd, owner.user_id);
        }
        return { written: fresh.length, alreadyHad: batch.rows.length - fresh.length };
      })
      .immediate();
    // The in-process gateway and every replica re-read spend from the store.
    if (spent) this.changes.publish({ kind: 'keys' });
    return receipt;
  }
}
