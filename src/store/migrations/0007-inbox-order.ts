// The inbox's order in one index: highest priority first, then the earliest due time with undated
// tasks last, then the oldest. The first index lacked the "undated last" term, so with many open
// tasks every first page sorted them all (0.6 s at a million tasks on SQLite; docs/benchmarks.md).
// The dashboard's inbox (every open status at once) reads a partial index of the open tasks alone.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('human_tasks_inbox').ifExists().execute();
  await sql`create index human_tasks_inbox_order on human_tasks (project_id, status, priority_rank desc, (due_at is null), due_at, id)`.execute(db);
  await sql`create index human_tasks_open_order on human_tasks (project_id, priority_rank desc, (due_at is null), due_at, id) where status in ('pending', 'assigned', 'in_progress')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('human_tasks_open_order').ifExists().execute();
  await db.schema.dropIndex('human_tasks_inbox_order').ifExists().execute();
  await db.schema.createIndex('human_tasks_inbox').on('human_tasks').columns(['project_id', 'status', 'priority_rank desc', 'due_at', 'id']).execute();
}
