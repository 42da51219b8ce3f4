// One numbered schema migration. Its own module so the migration lists (store/schema/*) and the
// list of them all (store/migrations.ts) share the type without importing each other.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
