// The initial schema: one definition for both dialects, statuses guarded by CHECK constraints.
import { sql, type Kysely } from 'kysely';
import { runStatuses } from '../../domain/run.ts';
import { ticketStatuses, priorities, messageRoles } from '../../domain/ticket.ts';
import { humanTaskStatuses, humanTaskTypes } from '../../domain/human-task.ts';
import { toolCallStatuses, riskTiers } from '../../domain/tool.ts';
import { stepStatuses } from '../../domain/step.ts';

const timerStatuses = ['pending', 'fired', 'cancelled'] as const;
const outboxStatuses = ['pending', 'delivered', 'dead'] as const;

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ticket_counter', 'integer', (c) => c.notNull().defaultTo(1000))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('customer_email', 'text')
    .addColumn('assignee', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('tickets_project_number_unique', ['project_id', 'number'])
    .addCheckConstraint('tickets_status_check', oneOf('status', ticketStatuses))
    .addCheckConstraint('tickets_priority_check', oneOf('priority', priorities))
    .execute();
  await db.schema.createIndex('tickets_project_updated').on('tickets').columns(['project_id', 'updated_at']).execute();
  await db.schema.createIndex('tickets_project_status').on('tickets').columns(['project_id', 'status', 'updated_at']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('run_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('messages_role_check', oneOf('role', messageRoles))
    .execute();
  await db.schema.createIndex('messages_ticket').on('messages').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_node', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('wait', 'text')
    .addColumn('resume_value', 'text')
    .addColumn('step_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addCheckConstraint('runs_status_check', oneOf('status', runStatuses))
    .execute();
  await db.schema.createIndex('runs_ticket').on('runs').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('runs_claimable').on('runs').columns(['status', 'available_at']).execute();

  await db.schema
    .createTable('steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('input_snapshot', 'text')
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('tokens_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('steps_run_seq_unique', ['run_id', 'seq'])
    .addCheckConstraint('steps_status_check', oneOf('status', stepStatuses))
    .execute();

  await db.schema
    .createTable('tool_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
    .addColumn('step_seq', 'integer', (c) => c.notNull())
    .addColumn('call_index', 'integer', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addCheckConstraint('tool_calls_status_check', oneOf('status', toolCallStatuses))
    .addCheckConstraint('tool_calls_risk_check', oneOf('risk', riskTiers))
    .execute();
  await db.schema.createIndex('tool_calls_run').on('tool_calls').columns(['run_id', 'step_seq', 'call_index']).execute();

  await db.schema
    .createTable('human_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('tool_call', 'text')
    .addColumn('due_at', 'text')
    .addColumn('assigned_to', 'text')
    .addColumn('assigned_team', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('escalation_chain', 'text', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decision', 'text')
    .addColumn('response_fields', 'text')
    .addColumn('notes', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('human_tasks_status_check', oneOf('status', humanTaskStatuses))
    .addCheckConstraint('human_tasks_type_check', oneOf('type', humanTaskTypes))
    .addCheckConstraint('human_tasks_priority_check', oneOf('priority', priorities))
    .execute();
  // The inbox: open tasks by priority (highest first) then due time.
  await db.schema
    .createIndex('human_tasks_inbox')
    .on('human_tasks')
    .columns(['project_id', 'status', 'priority_rank desc', 'due_at', 'id'])
    .execute();
  await db.schema.createIndex('human_tasks_run').on('human_tasks').columns(['run_id']).execute();

  await db.schema
    .createTable('timers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text')
    .addCheckConstraint('timers_status_check', oneOf('status', timerStatuses))
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addCheckConstraint('outbox_status_check', oneOf('status', outboxStatuses))
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['status', 'available_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_log_project_seq_unique', ['project_id', 'seq'])
    .execute();

  await createDemoStore(db);
}

/** The built-in demo store the default workflow's tools act on. */
async function createDemoStore(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('demo_customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('demo_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('demo_customers.id'))
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('demo_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('order_id', 'text')
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['demo_refunds', 'demo_orders', 'demo_customers', 'audit_log', 'outbox', 'timers', 'human_tasks', 'tool_calls', 'steps', 'runs', 'messages', 'tickets', 'projects']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
