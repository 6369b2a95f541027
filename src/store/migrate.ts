// Numbered, append-only migrations shared by both dialects.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './connect.ts';
import * as initial from './migrations/0001-initial.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const schema = await db.dialect.migrationSchema(db.kysely);
  const migrator = new Migrator({ db: db.kysely, provider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(`Migration failed: ${JSON.stringify(result.error)}`);
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
