// The head of each project's audit chain, kept on the project's row: an append takes it with one
// update (`returning`), which also serialises appends, instead of locking the row and then reading
// the newest entry in a statement of its own. Filled from the chain as it stands.
import { sql, type Kysely } from 'kysely';

const genesisHash = '0'.repeat(64);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('audit_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('projects').addColumn('audit_head', 'text', (c) => c.notNull().defaultTo(genesisHash)).execute();
  await sql`
    update projects set
      audit_seq = coalesce((select max(a.seq) from audit_log a where a.project_id = projects.id), 0),
      audit_head = coalesce((select a.hash from audit_log a where a.project_id = projects.id order by a.seq desc limit 1), ${genesisHash})
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('audit_head').execute();
  await db.schema.alterTable('projects').dropColumn('audit_seq').execute();
}
