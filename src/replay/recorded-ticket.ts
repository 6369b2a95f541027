// What the store recorded about a ticket, read for a replay: its first run's steps, the customer's
// messages, the money that run paid out and the escalations it raised. Only reads; nothing is written.
import { formatTicketNumber } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import type { ReplayRange } from './replay-range.ts';

export interface RecordedStep {
  seq: number;
  node: string;
  decision: string | null;
  startedAt: string;
  output: Record<string, unknown>;
}

export interface RecordedTicket {
  id: string;
  /** TKT-1001 */
  number: string;
  createdAt: string;
  status: string;
  customerEmail: string | null;
  /** The workflow of the ticket's first run; null when none started. */
  workflow: string | null;
  /** When retention compacted the first run (its step payloads are gone); null if it was not. */
  compactedAt: string | null;
  /** The first run's steps in order. */
  steps: RecordedStep[];
  customerMessages: { body: string; createdAt: string }[];
  /** The first run's succeeded money-tier calls: what `run.money_out_cents` summed before each step. */
  moneyOut: { seq: number; amountCents: number }[];
  /** The escalation triggers the first run fired, as `level.triggers[i]`, in order. */
  escalations: string[];
  /** Every run completed, no human task was opened and no person owns it: the numbers page's rule. */
  autoResolved: boolean;
}

type TicketRow = { id: string; number: number; created_at: string; status: string; customer_email: string | null };

export async function countTickets(db: Db, projectId: string, range: ReplayRange): Promise<number> {
  const row = await ticketsIn(db, projectId, range).select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function listTickets(db: Db, projectId: string, range: ReplayRange): Promise<TicketRow[]> {
  return ticketsIn(db, projectId, range).select(['id', 'number', 'created_at', 'status', 'customer_email']).orderBy('created_at').orderBy('number').execute();
}

function ticketsIn(db: Db, projectId: string, range: ReplayRange) {
  return db.kysely.selectFrom('tickets').where('project_id', '=', projectId).where('created_at', '>=', range.since).where('created_at', '<', range.until);
}

export async function loadRecordedTicket(db: Db, ticket: TicketRow): Promise<RecordedTicket> {
  const runs = await db.kysely.selectFrom('runs').select(['id', 'workflow', 'status', 'compacted_at']).where('ticket_id', '=', ticket.id).orderBy('created_at').orderBy('id').execute();
  const tasks = await db.kysely.selectFrom('human_tasks').select(['run_id', 'type', 'context']).where('ticket_id', '=', ticket.id).orderBy('created_at').execute();
  const messages = await db.kysely.selectFrom('messages').select(['body', 'created_at']).where('ticket_id', '=', ticket.id).where('role', '=', 'customer').orderBy('id').execute();
  const first = runs[0];
  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    createdAt: ticket.created_at,
    status: ticket.status,
    customerEmail: ticket.customer_email,
    workflow: first?.workflow ?? null,
    compactedAt: first?.compacted_at ?? null,
    steps: first ? await stepsOf(db, first.id) : [],
    customerMessages: messages.map((m) => ({ body: m.body, createdAt: m.created_at })),
    moneyOut: first ? await moneyOutOf(db, first.id) : [],
    escalations: tasks.filter((task) => task.run_id === first?.id && task.type === 'escalation').flatMap((task) => triggerOf(task.context)),
    autoResolved: runs.length > 0 && runs.every((run) => run.status === 'completed') && tasks.length === 0 && ticket.status !== 'with_human',
  };
}

async function stepsOf(db: Db, runId: string): Promise<RecordedStep[]> {
  const rows = await db.kysely.selectFrom('steps').select(['seq', 'node', 'decision', 'started_at', 'output']).where('run_id', '=', runId).orderBy('seq').execute();
  return rows.map((row) => ({ seq: row.seq, node: row.node, decision: row.decision, startedAt: row.started_at, output: fromJson<Record<string, unknown>>(row.output, {}) }));
}

async function moneyOutOf(db: Db, runId: string): Promise<{ seq: number; amountCents: number }[]> {
  const rows = await db.kysely.selectFrom('tool_calls').select(['step_seq', 'input']).where('run_id', '=', runId).where('risk', '=', 'money').where('status', '=', 'succeeded').execute();
  return rows.map((row) => ({ seq: row.step_seq, amountCents: amountOf(row.input) }));
}

function amountOf(input: string): number {
  const amount = fromJson<{ amount_cents?: unknown } | null>(input, null)?.amount_cents;
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
}

/** Escalation tasks from a trigger name it; those raised by ON_ERROR do not. */
function triggerOf(context: string): string[] {
  const trigger = fromJson<{ trigger?: unknown }>(context, {}).trigger;
  return typeof trigger === 'string' ? [trigger] : [];
}
