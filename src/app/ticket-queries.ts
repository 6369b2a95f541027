// Reading tickets and their trace: the trace is the engine's own records, not a separate log.
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import { SwitchboardError } from '../domain/errors.ts';
import { parseTicketNumber } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';
import type { Database, TicketTable } from '../store/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { humanTaskViewAt, messageView, runView, stepView, ticketView, toolCallView, type TicketDetailView, type TicketView, type ToolCallView } from './views.ts';

export interface TicketFilter {
  status?: string;
  category?: string;
  priority?: string;
  assignee?: string;
  /** Text anywhere in the subject, the customer's email or a message, or the number (TKT-1001 or 1001). */
  q?: string;
  limit?: number;
  /** Return tickets updated before this ticket id (keyset pagination, newest first). */
  before?: string;
}

export class TicketQueries {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(projectId: string, filter: TicketFilter = {}): Promise<TicketView[]> {
    let query = this.#db.kysely.selectFrom('tickets').selectAll().where('project_id', '=', projectId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.category) query = query.where('category', '=', filter.category);
    if (filter.priority) query = query.where('priority', '=', filter.priority);
    if (filter.assignee) query = query.where('assignee', '=', filter.assignee);
    const text = filter.q?.trim();
    if (text) query = query.where((eb) => matchesText(eb, text));
    if (filter.before) query = query.where('id', '<', filter.before);
    const rows = await query.orderBy('id', 'desc').limit(Math.min(filter.limit ?? 50, 500)).execute();
    return rows.map(ticketView);
  }

  /** Finds a ticket by id, human number (TKT-1001) or thread id. */
  async find(projectId: string, ref: string): Promise<TicketView> {
    return ticketView(await this.row(projectId, ref));
  }

  /** The ticket's row, found as `find` finds it. */
  async row(projectId: string, ref: string): Promise<Selectable<TicketTable>> {
    const number = parseTicketNumber(ref);
    let query = this.#db.kysely.selectFrom('tickets').selectAll().where('project_id', '=', projectId);
    query = number !== undefined ? query.where('number', '=', number) : query.where((eb) => eb.or([eb('id', '=', ref), eb('thread_id', '=', ref)]));
    const row = await query.executeTakeFirst();
    if (!row) throw new SwitchboardError('ticket_not_found', `No ticket "${ref}" in project "${projectId}".`);
    return row;
  }

  async detail(projectId: string, ref: string): Promise<TicketDetailView> {
    const ticket = await this.find(projectId, ref);
    const db = this.#db.kysely;
    const [messages, runs, steps, toolCalls, tasks] = await Promise.all([
      db.selectFrom('messages').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute(),
      db.selectFrom('runs').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute(),
      db.selectFrom('steps').selectAll().where('run_id', 'in', db.selectFrom('runs').select('id').where('ticket_id', '=', ticket.id)).orderBy('run_id').orderBy('seq').execute(),
      db.selectFrom('tool_calls').selectAll().where('run_id', 'in', db.selectFrom('runs').select('id').where('ticket_id', '=', ticket.id)).orderBy('step_seq').orderBy('call_index').execute(),
      db.selectFrom('human_tasks').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute(),
    ]);
    const callsByStep = new Map<string, ToolCallView[]>();
    for (const call of toolCalls) {
      const key = `${call.run_id}:${call.step_seq}`;
      callsByStep.set(key, [...(callsByStep.get(key) ?? []), toolCallView(call)]);
    }
    return {
      ...ticket,
      messages: messages.map(messageView),
      runs: runs.map((run) =>
        runView(
          run,
          steps.filter((s) => s.run_id === run.id).map((s) => stepView(s, callsByStep.get(`${run.id}:${s.seq}`) ?? [])),
        ),
      ),
      human_tasks: tasks.map(humanTaskViewAt(this.#clock)),
    };
  }
}

/** Case-insensitive on both databases: `lower()` on each side, since PostgreSQL's LIKE minds case. */
function matchesText(eb: ExpressionBuilder<Database, 'tickets'>, text: string): Expression<SqlBool> {
  const pattern = containsPattern(text);
  const number = parseTicketNumber(text) ?? plainNumber(text);
  const inMessages = eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.ticket_id', '=', 'tickets.id').where(lowerLike(sql.ref('messages.body'), pattern)));
  return eb.or([
    lowerLike(sql.ref('tickets.subject'), pattern),
    lowerLike(sql.ref('tickets.customer_email'), pattern),
    inMessages,
    ...(number === undefined ? [] : [eb('tickets.number', '=', number)]),
  ]);
}

function lowerLike(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '!'`;
}

/** `%text%` with LIKE's own characters (and the escape character) taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/** A bare ticket number (1001); nine digits at most, like TKT-1001. */
function plainNumber(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
