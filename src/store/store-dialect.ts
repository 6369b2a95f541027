// The few places where SQLite and PostgreSQL differ, behind one narrow interface.
import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Row locking for claims: PostgreSQL skips rows other workers hold; SQLite has one writer anyway. */
  lockForClaim<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Serialises writers on one row (PostgreSQL `FOR UPDATE`); SQLite's write lock already does. */
  lockRow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  isUniqueViolation(error: unknown): boolean;
  /** Serialises processes migrating the same schema at once (SQLite's write transaction already does). */
  lockMigrations(trx: Transaction<Database>): Promise<void>;
}

export const sqliteAdapter: StoreDialect = {
  name: 'sqlite',
  lockForClaim: (query) => query,
  lockRow: (query) => query,
  isUniqueViolation: (error) => error instanceof Error && /UNIQUE constraint failed/.test(error.message),
  lockMigrations: async () => undefined,
};

export const postgresAdapter: StoreDialect = {
  name: 'postgres',
  lockForClaim: (query) => query.forUpdate().skipLocked(),
  lockRow: (query) => query.forUpdate(),
  isUniqueViolation: (error) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505',
  lockMigrations: async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('switchboard.migrations'), hashtext(current_schema()))`.execute(trx);
  },
};
