// Writes that go together. On PostgreSQL they are data-modifying CTEs of one statement, one round
// trip, each run exactly once, and a failure leaves none of them; on SQLite, in process, they run one
// after another (inside the caller's transaction, for the same all-or-nothing).
import { sql, type Expression, type Kysely, type OperationNodeSource, type RawBuilder, type SqlBool } from 'kysely';
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

/** `write_0 as (…), write_1 as (…)`: the writes as CTEs, for a statement that adds its own. */
export function writeCtes(writes: readonly Write[]): RawBuilder<unknown> {
  return sql.join(writes.map((write, index) => sql`${sql.id(write.cteName ?? `write_${index}`)} as (${write})`));
}

/** A guarded batch found a row changed: none of its writes was made. */
export class BatchRefused extends Error {
  override readonly name = 'BatchRefused';
  constructor() {
    super('A guarded write found its row changed meanwhile; nothing of its batch was written.');
  }
}

export interface GuardedBatch<R> {
  /** Updates with `returning`, each of which must change a row. */
  guards: readonly Write[];
  writes: readonly Write[];
  /**
   * A last write (`returning`) whose rows come back; `required`: it too must return one. Built by
   * `write`, which on PostgreSQL is given a condition to add to it (`where`): that the guards changed
   * their rows, which makes the guards run, and take their row locks, before it takes its own.
   */
  last?: { write: (afterGuards: Expression<SqlBool> | null) => OperationNodeSource & { execute(): Promise<R[]> }; required: boolean };
}

/**
 * Writes that go together only if each guard changes a row (and a required `last` returns one);
 * otherwise none of them is made and BatchRefused is thrown. On PostgreSQL they are one statement, in
 * which a guard that changed nothing divides by zero and so fails the statement whole; on SQLite they
 * run one after another, inside the caller's transaction, which the throw rolls back.
 */
export async function writeGuarded<R>(db: Kysely<Database>, dialect: StoreDialect, batch: GuardedBatch<R>): Promise<R[]> {
  if (dialect.name !== 'postgres') {
    for (const guard of batch.guards) if (!changedRow(await guard.execute())) throw new BatchRefused();
    for (const write of batch.writes) await write.execute();
    const rows = batch.last ? await batch.last.write(null).execute() : [];
    if (batch.last?.required && rows.length === 0) throw new BatchRefused();
    return rows;
  }
  const writes = [...batch.guards.map((guard, index) => named(guard, `guard_${index}`)), ...batch.writes];
  const counted = [...batch.guards.map((_, index) => sql`(select count(*) from ${sql.id(`guard_${index}`)})`), ...(batch.last?.required ? [sql`(select count(*) from last_write)`] : [])];
  const held = counted.length > 0 ? sql.join(counted, sql` * `) : sql`1`;
  try {
    if (!batch.last) {
      if (writes.length > 0) await sql`with ${writeCtes(writes)} select 1 / (${held}) as held`.execute(db);
      return [];
    }
    const afterGuards = batch.guards.length > 0 ? sql<SqlBool>`${sql.join(batch.guards.map((_, index) => sql`exists (select 1 from ${sql.id(`guard_${index}`)})`), sql` and `)}` : null;
    const ctes = [...(writes.length > 0 ? [writeCtes(writes)] : []), sql`last_write as (${batch.last.write(afterGuards)})`];
    // The guard's row is the outer side of the join and its division is selected, so it runs even when
    // `last` returns nothing (a column nobody selects the planner may never compute).
    const { rows } = await sql<R & { guard_held: unknown; last_present: boolean | null }>`with ${sql.join(ctes)}
      select guard.held as guard_held, (select count(*) from last_write) > 0 as last_present, last_write.*
      from (select 1 / (${held}) as held) as guard left join last_write on true`.execute(db);
    return rows.filter((row) => row.last_present).map(({ guard_held: _held, last_present: _present, ...row }) => row as R);
  } catch (error) {
    if ((error as { code?: unknown }).code === divisionByZero) throw new BatchRefused();
    throw error;
  }
}

const divisionByZero = '22012';

function named(write: Write, cteName: string): Write {
  return { cteName, toOperationNode: () => write.toOperationNode(), execute: () => write.execute() };
}

/** A guard is an update with `returning`: it changed a row if it returned one. */
function changedRow(result: unknown): boolean {
  return Array.isArray(result) && result.length > 0;
}
