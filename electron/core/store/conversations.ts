// The Playground's conversations (migration 16): a title and the renderer's JSON body, listed
// newest first. The core is their only writer.
import type Database from 'better-sqlite3';
import type { Conversation, ConversationSummary } from '../../../shared/contract-playground';

type Row = { id: string; title: string; body: string; created_at: number; updated_at: number };

const summary = (r: Omit<Row, 'body'>): ConversationSummary => ({
  id: r.id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ConversationsRepo {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      list: db.prepare(
        `SELECT id, title, created_at, updated_at FROM playground_conversations ORDER BY updated_at DESC LIMIT 500`,
      ),
      get: db.prepare(`SELECT * FROM playground_conversations WHERE id = ?`),
      save: db.prepare(`
        INSERT INTO playground_conversations (id, title, body, created_at, updated_at) VALUES (@id, @title, @body, @now, @now)
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`),
      rename: db.prepare(`UPDATE playground_conversations SET title = ?, updated_at = ? WHERE id = ?`),
      remove: db.prepare(`DELETE FROM playground_conversations WHERE id = ?`),
    };
  }

  list(): ConversationSummary[] {
    return (this.statements.list.all() as Row[]).map(summary);
  }

  get(id: string): Conversation | null {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? { ...summary(row), body: JSON.parse(row.body) as Record<string, unknown> } : null;
  }

  save(id: string, title: string, body: Record<string, unknown>, now: number): ConversationSummary {
    this.statements.save.run({ id, title, body: JSON.stringify(body), now });
    return summary(this.statements.get.get(id) as Row);
  }

  rename(id: string, title: string, now: number): ConversationSummary | null {
    if (this.statements.rename.run(title, now, id).changes === 0) return null;
    return summary(this.statements.get.get(id) as Row);
  }

  remove(id: string): boolean {
    return this.statements.remove.run(id).changes > 0;
  }
}
