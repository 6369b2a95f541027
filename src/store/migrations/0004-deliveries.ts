// Reaching people and systems: one delivery row per outbox event and destination (each retried and
// dead-lettered on its own), one-click action tokens (stored only as hashes), and the state of
// outbound webhook endpoints (switched off when one answers 410 Gone).
import { sql, type Kysely } from 'kysely';

const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
const tokenActions = ['approve', 'reject'] as const;

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('outbox_deliveries_once', ['outbox_id', 'destination'])
    .addCheckConstraint('outbox_deliveries_status_check', oneOf('status', deliveryStatuses))
    .execute();
  await db.schema.createIndex('outbox_deliveries_pending').on('outbox_deliveries').columns(['status', 'available_at']).execute();
  await db.schema.createIndex('outbox_deliveries_project').on('outbox_deliveries').columns(['project_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('action_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull().references('human_tasks.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('task_version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('action_tokens_action_check', oneOf('action', tokenActions))
    .execute();
  await db.schema.createIndex('action_tokens_task').on('action_tokens').columns(['task_id']).execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('disabled_at', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_endpoints', 'action_tokens', 'outbox_deliveries']) await db.schema.dropTable(table).ifExists().execute();
}
