// Numbered, append-only migrations shared by both dialects, applied in one transaction under a lock.
// Not Kysely's Migrator: it checks for its bookkeeping tables by introspecting every schema of the
// database, which finds another schema's table (and skips creating ours) and fails when another
// schema is dropped meanwhile. Here everything is looked up in the current schema only.
import type { Migration, Transaction } from 'kysely';
import type { Db } from './connect.ts';
import * as initial from './migrations/0001-initial.ts';
import * as appendOnly from './migrations/0002-audit-append-only.ts';
import * as identity from './migrations/0003-identity.ts';
import * as deliveries from './migrations/0004-deliveries.ts';
import * as stepWaits from './migrations/0005-step-waits.ts';
import * as runObservability from './migrations/0006-run-observability.ts';
import * as inboxOrder from './migrations/0007-inbox-order.ts';
import * as runVersions from './migrations/0008-run-versions.ts';
import * as runRetention from './migrations/0009-run-retention.ts';
import * as auditHead from './migrations/0010-audit-head.ts';
import * as auditPrev from './migrations/0011-audit-prev.ts';
import type { Database } from './schema.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-audit-append-only': appendOnly,
  '0003-identity': identity,
  '0004-deliveries': deliveries,
  '0005-step-waits': stepWaits,
  '0006-run-observability': runObservability,
  '0007-inbox-order': inboxOrder,
  '0008-run-versions': runVersions,
  '0009-run-retention': runRetention,
  '0010-audit-head': auditHead,
  '0011-audit-prev': auditPrev,
};

/** The table Kysely's Migrator kept, with its columns, so databases it migrated stay readable. */
const migrationTable = 'kysely_migration';

/** Applies the pending migrations in name order; returns their names (none when up to date). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return db.kysely.transaction().execute(async (trx) => {
    await db.dialect.lockMigrations(trx);
    await trx.schema
      .createTable(migrationTable)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    const applied = new Set((await journal(trx).selectFrom(migrationTable).select('name').execute()).map((row) => row.name));
    const pending = Object.keys(migrations).sort().filter((name) => !applied.has(name));
    for (const name of pending) await apply(trx, name);
    return pending;
  });
}

function journal(trx: Transaction<Database>) {
  return trx.withTables<{ [migrationTable]: { name: string; timestamp: string } }>();
}

async function apply(trx: Transaction<Database>, name: string): Promise<void> {
  await migrations[name]?.up(trx);
  await journal(trx).insertInto(migrationTable).values({ name, timestamp: new Date().toISOString() }).execute();
}
