// A repository's reads, kept as named SQL texts beside it and prepared once when the store opens:
// preparing is most of a small read's cost, and the names let test/dashboards/query-plans.test.ts
// check the very statements the store runs with EXPLAIN QUERY PLAN.
import type Database from 'better-sqlite3';

export function prepareAll<K extends string>(
  db: Database.Database,
  reads: Readonly<Record<K, string>>,
): Record<K, Database.Statement> {
  const prepared = {} as Record<K, Database.Statement>;
  for (const name of Object.keys(reads) as K[]) prepared[name] = db.prepare(reads[name]);
  return prepared;
}
