// Observability: a run keeps the ids of its last trace span, so the span of a resumption (hours later,
// perhaps in another process) links to the one before the pause; and covering indexes keep the
// metrics' scrape-time counts proportional to the open work (live runs, open tasks, undelivered
// events), never to the history.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('trace_context', 'text').execute();
  await db.schema.createIndex('runs_status_counts').on('runs').columns(['status', 'project_id', 'workflow']).execute();
  await db.schema.createIndex('human_tasks_open_age').on('human_tasks').columns(['status', 'project_id', 'priority', 'created_at']).execute();
  await db.schema.createIndex('outbox_deliveries_lag').on('outbox_deliveries').columns(['status', 'destination', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['outbox_deliveries_lag', 'human_tasks_open_age', 'runs_status_counts']) await db.schema.dropIndex(index).ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('trace_context').execute();
}
