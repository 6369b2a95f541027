// Writes that go together. On PostgreSQL they are data-modifying CTEs of one statement, one round
// trip, each run exactly once, and a failure leaves none of them; on SQLite, in process, they run one
// after another (inside the caller's transaction, for the same all-or-nothing).
import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';
import type { StoreDialect } from './store-dialect.ts';

/**
 * One write (an insert, an update, a delete): run alone, or as one CTE of a statement. A write that
 * later writes of the same statement read from carries the name they read it by (`cteName`).
 */
export type Write = { execute(): Promise<unknown>; readonly cteName?: string } & OperationNodeSource;

export async function writeTogether(db: Kysely<Database>, dialect: StoreDialect, writes: readonly Write[]): Promise<void> {
  if (writes.length === 0) return;
  if (dialect.name === 'postgres' && writes.length > 1) await sql`with ${writeCtes(writes)} select 1`.execute(db);
  else for (const write of writes) await write.execute();
}

/**
 * The writes, then `last` (an update or insert with `returning`), whose rows it returns. On PostgreSQL
 * `last` is a CTE of the same statement: it sees the table as it was before the others, as each of them does.
 */
export async function writeTogetherReturning<R>(db: Kysely<Database>, dialect: StoreDialect, writes: readonly Write[], last: OperationNodeSource & { execute(): Promise<R[]> }): Promise<R[]> {
  if (dialect.name !== 'postgres' || writes.length === 0) {
    for (const write of writes) await write.execute();
    return last.execute();
  }
  const { rows } = await sql<R>`with ${writeCtes(writes)}, last_write as (${last}) select * from last_write`.execute(db);
  return rows;
}

/** `write_0 as (…), write_1 as (…)`: the writes as CTEs, for a statement that adds its own. */
export function writeCtes(writes: readonly Write[]): RawBuilder<unknown> {
  return sql.join(writes.map((write, index) => sql`${sql.id(write.cteName ?? `write_${index}`)} as (${write})`));
}
