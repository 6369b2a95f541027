// The numbers' raw material, counted in SQL per day and ticket category (the same SQL on SQLite and
// PostgreSQL: timestamps are ISO-8601 text, so a day is `substr(at, 1, 10)`). Each event counts on
// its own day: a ticket when it opened, a task when it was created, model tokens when the step ran.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { openTaskStatuses } from '../domain/human-task.ts';
import type { Db } from '../store/connect.ts';
import type { Counts } from './stats-figures.ts';
import type { DayRange } from './stats-range.ts';

export interface Slice {
  day: string;
  category: string | null;
  counts: Partial<Counts>;
}

type Kysely = Db['kysely'];

/** The same expression text in SELECT and GROUP BY (no parameters), as PostgreSQL requires. */
function dayOf(column: string) {
  return sql<string>`substr(${sql.ref(column)}, 1, 10)`;
}

/** `sum(case when … then 1 else 0 end)`: how many rows of the group meet the condition. */
function countWhere<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, condition: Expression<SqlBool>) {
  return eb.fn.sum<number | string>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end());
}

export async function statsSlices(db: Db, projectId: string, range: DayRange, now: string): Promise<Slice[]> {
  const k = db.kysely;
  const parts = await Promise.all([ticketSlices(k, projectId, range), taskSlices(k, projectId, range, now), decisionSlices(k, projectId, range), modelSlices(k, projectId, range)]);
  return parts.flat();
}

/** Tickets opened, and those whose runs all completed with no human task and no person owning them. */
async function ticketSlices(k: Kysely, projectId: string, range: DayRange): Promise<Slice[]> {
  const rows = await k
    .selectFrom('tickets as t')
    .select((eb) => {
      const runsOf = () => eb.selectFrom('runs as r').select('r.id').whereRef('r.ticket_id', '=', 't.id');
      const autoResolved = eb.and([
        eb.exists(runsOf()),
        eb.not(eb.exists(runsOf().where('r.status', '<>', 'completed'))),
        eb.not(eb.exists(eb.selectFrom('human_tasks as h').select('h.id').whereRef('h.ticket_id', '=', 't.id'))),
        eb('t.status', '<>', 'with_human'),
      ]);
      return [dayOf('t.created_at').as('day'), 't.category', eb.fn.countAll<number | string>().as('tickets'), countWhere(eb, autoResolved).as('auto_resolved')];
    })
    .where('t.project_id', '=', projectId)
    .where('t.created_at', '>=', range.since)
    .where('t.created_at', '<', range.until)
    .groupBy([dayOf('t.created_at'), 't.category'])
    .execute();
  return rows.map((row) => ({ day: row.day, category: row.category, counts: { tickets: Number(row.tickets), autoResolved: Number(row.auto_resolved) } }));
}

/**
 * Approvals asked and decided, handoffs, and SLA breaches: a task with a due time that was closed
 * after it, moved up its escalation chain, or is still open past it.
 */
async function taskSlices(k: Kysely, projectId: string, range: DayRange, now: string): Promise<Slice[]> {
  const rows = await tasksIn(k, projectId, range)
    .select((eb) => {
      const approval = eb('h.type', '=', 'approval');
      const breached = eb.and([
        eb('h.due_at', 'is not', null),
        eb.or([eb('h.escalation_level', '>', 0), eb('h.resolved_at', '>', eb.ref('h.due_at')), eb.and([eb('h.status', 'in', [...openTaskStatuses]), eb('h.due_at', '<', now)])]),
      ]);
      return [
        dayOf('h.created_at').as('day'),
        't.category',
        countWhere(eb, approval).as('approvals'),
        countWhere(eb, eb.and([approval, eb('h.decision', '=', 'approved')])).as('approved'),
        countWhere(eb, eb.and([approval, eb('h.decision', '=', 'rejected')])).as('rejected'),
        countWhere(eb, eb('h.type', '=', 'handoff')).as('handoffs'),
        countWhere(eb, breached).as('breaches'),
      ];
    })
    .groupBy([dayOf('h.created_at'), 't.category'])
    .execute();
  return rows.map((row) => ({
    day: row.day,
    category: row.category,
    counts: { approvalsRequested: Number(row.approvals), approved: Number(row.approved), rejected: Number(row.rejected), handoffs: Number(row.handoffs), slaBreaches: Number(row.breaches) },
  }));
}

/** Each decided approval's wait, from the task's creation to its decision (a person's or the deadline's). */
async function decisionSlices(k: Kysely, projectId: string, range: DayRange): Promise<Slice[]> {
  const rows = await tasksIn(k, projectId, range)
    .select([dayOf('h.created_at').as('day'), 't.category', 'h.created_at', 'h.resolved_at'])
    .where('h.type', '=', 'approval')
    .where('h.decision', 'in', ['approved', 'rejected'])
    .where('h.resolved_at', 'is not', null)
    .execute();
  return rows.map((row) => ({ day: row.day, category: row.category, counts: { decisionSeconds: [(Date.parse(row.resolved_at ?? row.created_at) - Date.parse(row.created_at)) / 1000] } }));
}

function tasksIn(k: Kysely, projectId: string, range: DayRange) {
  return k
    .selectFrom('human_tasks as h')
    .leftJoin('tickets as t', 't.id', 'h.ticket_id')
    .where('h.project_id', '=', projectId)
    .where('h.created_at', '>=', range.since)
    .where('h.created_at', '<', range.until);
}

/** Model tokens and their cost, as each step recorded them. */
async function modelSlices(k: Kysely, projectId: string, range: DayRange): Promise<Slice[]> {
  const rows = await k
    .selectFrom('steps as s')
    .innerJoin('runs as r', 'r.id', 's.run_id')
    .innerJoin('tickets as t', 't.id', 'r.ticket_id')
    .select((eb) => [dayOf('s.started_at').as('day'), 't.category', eb.fn.sum<number | string>('s.tokens_in').as('tokens_in'), eb.fn.sum<number | string>('s.tokens_out').as('tokens_out'), eb.fn.sum<number | string>('s.cost_usd').as('cost_usd')])
    .where('s.project_id', '=', projectId)
    .where('s.started_at', '>=', range.since)
    .where('s.started_at', '<', range.until)
    .groupBy([dayOf('s.started_at'), 't.category'])
    .execute();
  return rows.map((row) => ({ day: row.day, category: row.category, counts: { tokensIn: Number(row.tokens_in), tokensOut: Number(row.tokens_out), costUsd: Number(row.cost_usd) } }));
}
