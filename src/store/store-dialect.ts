// The few places where SQLite and PostgreSQL differ, behind one narrow interface.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Row locking for claims: PostgreSQL skips rows other workers hold; SQLite has one writer anyway. */
  lockForClaim<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Serialises writers on one row (PostgreSQL `FOR UPDATE`); SQLite's write lock already does. */
  lockRow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  isUniqueViolation(error: unknown): boolean;
  /**
   * The schema migrations run in. Kysely's migrator otherwise finds its bookkeeping tables in *any*
   * schema of the database and skips creating them in ours (two deployments or test schemas side by side).
   */
  migrationSchema(db: Kysely<Database>): Promise<string | undefined>;
}

export const sqliteAdapter: StoreDialect = {
  name: 'sqlite',
  lockForClaim: (query) => query,
  lockRow: (query) => query,
  isUniqueViolation: (error) => error instanceof Error && /UNIQUE constraint failed/.test(error.message),
  migrationSchema: async () => undefined,
};

export const postgresAdapter: StoreDialect = {
  name: 'postgres',
  lockForClaim: (query) => query.forUpdate().skipLocked(),
  lockRow: (query) => query.forUpdate(),
  isUniqueViolation: (error) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505',
  migrationSchema: async (db) => (await sql<{ name: string | null }>`select current_schema() as name`.execute(db)).rows[0]?.name ?? undefined,
};
