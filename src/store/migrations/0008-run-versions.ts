// Version-pinned resume: each run records the version (content hash) of the workflow, tools and
// policies it started on, and each version's data-defined parts (a flow document, the policies, the
// tools' tiers) are kept once, so a run paused before a deploy resumes on what it started with.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Null for runs started before versions were recorded: they continue on the current definitions.
  await db.schema.alterTable('runs').addColumn('definition_version', 'text').execute();
  await db.schema
    .createTable('definition_versions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('definition_versions').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('definition_version').execute();
}
