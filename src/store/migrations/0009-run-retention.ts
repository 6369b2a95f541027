// Retention: a finished run whose payloads were dropped says when (`compacted_at`); a partial index
// finds the finished runs not yet compacted without reading the history; and one row per scheduled
// job records when it last ran, so every worker process shares one schedule that survives restarts.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('compacted_at', 'text').execute();
  await sql`create index runs_compactable on runs (status, finished_at) where compacted_at is null`.execute(db);
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'text', (c) => c.notNull())
    .addColumn('last_run_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduled_jobs').ifExists().execute();
  await db.schema.dropIndex('runs_compactable').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('compacted_at').execute();
}
