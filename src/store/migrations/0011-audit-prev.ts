// The head an append chained from, kept beside the new head on the project's row. On PostgreSQL an
// append hashes its entries in the statement that takes the head (audit-chain.ts); the update's
// `returning` gives only the row as written, so the head before it, the first entry's `prev_hash`,
// comes back through this column. Nothing reads it outside that statement, so it starts empty.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('audit_prev', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('audit_prev').execute();
}
