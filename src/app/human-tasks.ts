// The inbox: create, list, claim, assign, cancel and resolve human tasks. Every change is written
// with its audit entry, all or nothing, and only onto the task as it was decided from; deciding or
// cancelling an approval hands the answer to its run in the same write.
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { chainOf, openNextApprover, withChainArgs, type ApprovalChain } from './approval-chain.ts';
import { canMoveTicket, type Priority, type TicketStatus } from '../domain/ticket.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { canMoveTask, isOpenTask, openTaskStatuses, type HumanTaskStatus, type HumanTaskType } from '../domain/human-task.ts';
import type { ResumeValue } from '../domain/run.ts';
import { runFromRow, type Run } from '../engine/run.ts';
import type { Engine } from '../engine/engine.ts';
import { enqueueOutbox, outboxInsert } from '../engine/outbox.ts';
import type { EventBus } from '../engine/events.ts';
import type { Db } from '../store/connect.ts';
import { toJson } from '../store/json.ts';
import type { Database, HumanTaskTable } from '../store/schema.ts';
import { BatchRefused, writeGuarded, type Write } from '../store/write-batch.ts';
import { auditTaskChange, taskAuditInserts, type TaskAction } from './task-audit.ts';
import { appendAudit } from '../store/audit-chain.ts';
import { newTaskRow, type NewTask } from './task-creation.ts';
import { assertValidAnswers } from './task-fields.ts';
import { humanTaskViewAt, type HumanTaskView } from './views.ts';
import { closedTaskError, runMovedOnError } from './late-answers.ts';

export type { NewTask } from './task-creation.ts';

export interface TaskFilter {
  status?: HumanTaskStatus;
  type?: string;
  priority?: string;
  /** Matches the task's assignee or whoever claimed it. */
  assignee?: string;
  team?: string;
  limit?: number;
}

/** The inbox's filters; `overdue` is here rather than in TaskFilter, whose values travel as query strings. */
export interface InboxFilter extends TaskFilter {
  /** `true`: past due and still open; `false`: everything else. */
  overdue?: boolean;
  /** `true`: pending, assigned or in progress (what someone still owes an answer); `false`: closed. */
  open?: boolean;
}

export interface Resolution {
  respondedBy: string;
  decision: string;
  fields?: Record<string, unknown>;
  notes?: string | null;
}

export interface ResolveResult {
  task: HumanTaskView;
  runId: string | null;
  /** The run the answer continued, as it stopped in this process (waiting, done, failed); absent if another worker has it. */
  run?: Run;
}

/** Exactly one of the two: a task is owned by a person or queued for a team. */
export type Assignment = { assignedTo: string; assignedToTeam?: undefined } | { assignedTo?: undefined; assignedToTeam: string };

type Trx = Transaction<Database>;
type TaskRow = Selectable<HumanTaskTable>;

/** One change to one task, decided from the task as it is now; written only if it still is. */
interface TaskChange {
  action: TaskAction;
  actor: string;
  set: Omit<Updateable<HumanTaskTable>, 'id' | 'version' | 'updated_at'>;
  data?: Record<string, unknown>;
  /** Statements of their own that follow from the change (the next approver's task, a handoff's ticket): the change then goes in a transaction. */
  alongside?: (trx: Trx) => Promise<void>;
  /** Writes sent with the change's audit entry, in one statement on PostgreSQL (the outbox message). */
  writes?: (db: Kysely<Database>) => Write[];
  /**
   * The run the change answers, resumed in that same statement. If the run no longer waits, `refuse`
   * refuses the whole change (not_awaiting_approval) and `ignore` makes it without the answer;
   * `resumed` gets the run as it now is, or null when ignored.
   */
  answers?: { runId: string; value: ResumeValue; ifStale: 'refuse' | 'ignore'; resumed: (run: Run | null) => void };
}

/** Tries of a change whose task another change got to first, before it gives up with a conflict. */
const changeAttempts = 5;

/** The open statuses written into the SQL (they are constants, not input): the planner can then read
 * the open inbox from the partial index of open tasks (migration 0007) instead of sorting it. */
const openStatusesInSql = sql.raw(`(${openTaskStatuses.map((status) => `'${status}'`).join(', ')})`);

export class HumanTaskService {
  readonly #db: Db;
  readonly #engine: Engine;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #events: EventBus;
  readonly #dueMinutes: ((priority: Priority) => number | undefined) | undefined;
  readonly #view: (row: TaskRow) => HumanTaskView;

  constructor(deps: { db: Db; engine: Engine; clock: Clock; ids: IdGenerator; events: EventBus; taskDueMinutes?: ((priority: Priority) => number | undefined) | undefined }) {
    this.#db = deps.db;
    this.#engine = deps.engine;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#events = deps.events;
    this.#dueMinutes = deps.taskDueMinutes;
    this.#view = humanTaskViewAt(deps.clock);
  }

  /** A decision someone tried and was not allowed to take: kept in the audit log with the reason. */
  async auditRefusal(projectId: string, taskId: string, actor: string, reason: string, details: Record<string, unknown>): Promise<void> {
    await this.#db.kysely.transaction().execute((trx) =>
      appendAudit(trx, this.#db.dialect, this.#ids, { projectId, actor, action: 'human_task.decision_refused', subjectType: 'human_task', subjectId: taskId, data: { reason, ...details }, at: isoAt(this.#clock) }),
    );
  }

  /** A task no workflow asked for (seed 001's `POST …/human-tasks`); nothing waits on it. */
  async create(projectId: string, input: NewTask): Promise<HumanTaskView> {
    // Built first: a reason with a missing variable is refused before anything is written.
    const row = newTaskRow(this.#ids(), projectId, input, this.#clock, this.#dueMinutes?.(input.priority ?? 'medium'));
    const task = await this.#db.kysely.transaction().execute(async (trx) => {
      await assertProjectAndTicket(trx, projectId, input.ticketId);
      await trx.insertInto('human_tasks').values(row).execute();
      const created = this.#view(await lockedRow(trx, this.#db, projectId, row.id));
      await enqueueOutbox(trx, this.#ids, this.#clock, { projectId, topic: 'task.created', dedupeKey: `task.created:${created.id}`, payload: { taskId: created.id, runId: null, ticketId: created.ticket_id, title: created.title, reason: created.reason, priority: created.priority, toolCall: null } });
      await auditTaskChange(trx, this.#db.dialect, this.#ids, { projectId, taskId: created.id, actor: input.createdBy, action: 'created', before: null, after: created, data: { type: created.type, title: created.title }, at: created.created_at });
      return created;
    });
    this.#events.publish({ type: 'task', taskId: task.id, projectId, status: task.status });
    return task;
  }

  /** Highest priority first, then the earliest due date (undated last), then the oldest. */
  async list(projectId: string, filter: InboxFilter = {}): Promise<HumanTaskView[]> {
    const rows = await inboxQuery(this.#db.kysely, projectId, filter, isoAt(this.#clock)).execute();
    return rows.map(this.#view);
  }

  async get(projectId: string, taskId: string): Promise<HumanTaskView> {
    const row = await this.#db.kysely.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId).executeTakeFirst();
    if (!row) throw taskNotFound(projectId, taskId);
    return this.#view(row);
  }

  /** Of two reviewers claiming at once, one wins and the other gets `already_claimed`. */
  async claim(projectId: string, taskId: string, userId: string): Promise<HumanTaskView> {
    return this.#change(projectId, taskId, (task) => {
      if (!isOpenTask(task.status)) throw closedTaskError(task, 'change');
      if (task.claimed_by === userId) return null;
      if (task.claimed_by !== null) throw new SwitchboardError('already_claimed', `Task ${taskId} is already claimed by ${task.claimed_by}.`, { claimedBy: task.claimed_by });
      return { action: 'claimed', actor: userId, set: { status: moveTo(task, 'in_progress'), claimed_by: userId, assigned_to: task.assigned_to ?? userId } };
    });
  }

  /** Hands the task to a person or a team; whoever had claimed it lets go. */
  async assign(projectId: string, taskId: string, assignment: Assignment, by: string): Promise<HumanTaskView> {
    return this.#change(projectId, taskId, (task) => ({
      action: 'assigned',
      actor: by,
      set: { status: moveTo(task, 'assigned'), assigned_to: assignment.assignedTo ?? null, assigned_team: assignment.assignedToTeam ?? null, claimed_by: null },
    }));
  }

  /**
   * Closes the task unanswered. A run waiting on it is not left stuck: it gets a rejection with the
   * reason "cancelled: …", through the same resume path a decision takes, and continues before this returns.
   */
  async cancel(projectId: string, taskId: string, by: string, reason: string | null): Promise<ResolveResult> {
    let leased: Run | null = null;
    const task = await this.#change(projectId, taskId, (task, now) => ({
      action: 'cancelled',
      actor: by,
      set: { status: moveTo(task, 'cancelled'), notes: reason, responded_by: by, resolved_at: now },
      data: { reason },
      writes: (db) => [this.#closedEvent(db, projectId, task, 'cancelled', by)],
      // A run no longer waiting (it failed or was answered elsewhere) has nothing to be told.
      ...(task.run_id ? { answers: { runId: task.run_id, value: { kind: 'approval', taskId, approved: false, reason: `cancelled: ${reason ?? `by ${by}`}`, respondedBy: by, editedArgs: null }, ifStale: 'ignore', resumed: (run: Run | null) => void (leased = run) } } : {}),
    }), { deferCommit: true });
    await this.#continueRun(task.run_id, leased);
    return { task: await this.get(projectId, taskId), runId: task.run_id };
  }

  /**
   * Records the decision and hands it to the waiting run in one transaction; exactly one of two
   * concurrent decisions wins. The run is leased to this process, which continues it before returning.
   */
  async resolve(projectId: string, taskId: string, resolution: Resolution, read?: TaskRow): Promise<ResolveResult> {
    let leased: Run | null = null;
    const task = await this.#change(projectId, taskId, (task, now) => {
      const status = moveTo(task, 'completed');
      const answer = task.type === 'escalation' ? escalationAnswer(task, resolution) : approvalAnswer(task, resolution);
      const toolCall = answer?.kind === 'approval' && answer.approved && task.tool_call ? { ...task.tool_call, approvedArgs: { ...task.tool_call.args, ...(answer.editedArgs ?? {}) } } : task.tool_call;
      const chain = chainOf(task);
      // An approval with steps left goes to the next approver; the run keeps waiting.
      const nextStep = answer?.kind === 'approval' && answer.approved && chain && chain.index + 1 < chain.steps.length && toolCall ? { chain, toolCall } : null;
      return {
        action: 'resolved',
        actor: resolution.respondedBy,
        set: { status, decision: resolution.decision, response_fields: toJson(resolution.fields ?? {}), notes: resolution.notes ?? null, responded_by: resolution.respondedBy, resolved_at: now, tool_call: toolCall ? toJson(toolCall) : null },
        data: { decision: resolution.decision, notes: resolution.notes ?? null, fields: resolution.fields ?? {}, tool_call: toolCall },
        ...(nextStep || task.type === 'handoff'
          ? {
              alongside: async (trx: Trx) => {
                if (task.run_id && nextStep) await this.#nextApprover(trx, projectId, task, nextStep.chain, nextStep.toolCall.approvedArgs ?? nextStep.toolCall.args, resolution.respondedBy, now);
                if (task.type === 'handoff' && task.ticket_id) await endHandoff(trx, task.ticket_id, resolution.decision, now);
              },
            }
          : {}),
        writes: (db) => [this.#closedEvent(db, projectId, task, resolution.decision, resolution.respondedBy)],
        ...(task.run_id && answer && !nextStep ? { answers: this.#answer(task.run_id, withChainArgs(answer, task, chain), (run) => void (leased = run)) } : {}),
      };
    }, { deferCommit: true }, read);
    const run = await this.#continueRun(task.run_id, leased);
    return { task, runId: task.run_id, ...(run ? { run } : {}) };
  }

  /**
   * Decides the open approval a run waits on (`handle.approve` / `reject`), found by the run in one
   * read; null when the run waits on no approval, for the caller to say why.
   */
  async resolveRunApproval(runId: string, resolution: Resolution): Promise<ResolveResult | null> {
    const row = await this.#db.kysely.selectFrom('human_tasks').selectAll().where('run_id', '=', runId).where('type', '=', 'approval').where('status', 'in', [...openTaskStatuses]).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? this.resolve(row.project_id, row.id, resolution, row) : null;
  }

  /**
   * Drives the run a decision answered. The decision's commit did not wait for the disk (the run's
   * next stop does), so a drive that ends without one waits for it here, before the caller is told.
   */
  async #continueRun(runId: string | null, leased: Run | null): Promise<Run | undefined> {
    const driven = runId ? await this.#engine.drive(runId, leased ?? undefined) : undefined;
    if (driven && driven.status !== 'running') return driven;
    await this.#db.durable();
    return undefined;
  }

  /**
   * Reads the task, lets `decide` refuse or describe the change, and writes it with its audit entry,
   * guarded by the task's version: a change another one got to first is decided again on the task as
   * that one left it (which may now refuse it). Without `alongside`, the change, its audit entry, its
   * event and the run's answer are one statement on PostgreSQL.
   */
  async #change(projectId: string, taskId: string, decide: (task: HumanTaskView, now: string) => TaskChange | null, options: { deferCommit?: boolean } = {}, read?: TaskRow): Promise<HumanTaskView> {
    for (let attempt = 1; ; attempt++) {
      // A caller that has just read the task spares the first try its read; a retry reads it again.
      const row = attempt === 1 && read ? read : await this.#row(projectId, taskId);
      const now = isoAt(this.#clock);
      const change = decide(this.#view(row), now);
      if (!change) return this.#view(row);
      try {
        const after = await this.#write(row, change, now, options);
        this.#events.publish({ type: 'task', taskId, projectId, status: after.status });
        return after;
      } catch (error) {
        if (!(error instanceof BatchRefused)) throw error;
        // The task as it was: what refused the write was the run, which no longer waits for this answer.
        const current = await this.#row(projectId, taskId);
        if (current.version === row.version && change.answers?.ifStale === 'refuse') throw await runMovedOnError(this.#db.kysely, taskId, change.answers.runId);
        if (attempt >= changeAttempts) throw new SwitchboardError('conflict', `Task ${taskId} changed meanwhile; try again.`);
      }
    }
  }

  /** The change as one guarded batch (or a transaction, with `alongside`); the task as written. */
  async #write(row: TaskRow, change: TaskChange, now: string, options: { deferCommit?: boolean }): Promise<HumanTaskView> {
    const { dialect } = this.#db;
    const written: TaskRow = { ...row, ...(change.set as Partial<TaskRow>), updated_at: now, version: row.version + 1 };
    const before = this.#view(row);
    const after = this.#view(written);
    const send = async (db: Kysely<Database>) => {
      const guard = db.updateTable('human_tasks').set({ ...change.set, updated_at: now, version: written.version }).where('id', '=', row.id).where('version', '=', row.version).returning('id');
      // The decision is logged before what follows from it (the next approver's task, the run's answer).
      const audit = await taskAuditInserts(db, dialect, this.#ids, { projectId: row.project_id, taskId: row.id, actor: change.actor, action: change.action, before, after, data: change.data ?? {}, at: now });
      const own: { guards: Write[]; writes: Write[] } = { guards: [guard], writes: audit };
      // Statements of their own go after the change and its entry, in the transaction (below).
      if (change.alongside) {
        await writeGuarded(db, dialect, own);
        await change.alongside(db as Trx);
      }
      const rest = change.alongside ? { guards: [], writes: [] } : own;
      const writes = [...rest.writes, ...(change.writes?.(db) ?? [])];
      const { answers } = change;
      if (!answers) return void (await writeGuarded(db, dialect, { guards: rest.guards, writes }));
      const resume = this.#engine.resumeUpdate(db, answers.runId, answers.value);
      const last = { write: (afterGuards: Expression<SqlBool> | null) => (afterGuards ? resume.where(afterGuards) : resume), required: answers.ifStale === 'refuse' };
      const [resumed] = await writeGuarded(db, dialect, { guards: rest.guards, writes, last });
      answers.resumed(resumed ? runFromRow(resumed) : null);
    };
    // Statements of their own need a transaction around them; a batch alone is one statement on PostgreSQL.
    if (change.alongside) await this.#db.transaction(send, options);
    else await this.#db.statement(send, options);
    return after;
  }

  async #row(projectId: string, taskId: string): Promise<TaskRow> {
    const row = await this.#db.kysely.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId).executeTakeFirst();
    if (!row) throw taskNotFound(projectId, taskId);
    return row;
  }

  #nextApprover(trx: Trx, projectId: string, task: HumanTaskView, chain: ApprovalChain, args: Record<string, unknown>, approvedBy: string, now: string): Promise<void> {
    return openNextApprover({ db: this.#db, engine: this.#engine, clock: this.#clock, ids: this.#ids, dueMinutes: this.#dueMinutes, view: this.#view }, trx, { projectId, task, chain, args, approvedBy, now });
  }

  /** A decision's answer for its run; a run that no longer waits refuses the decision (nothing of it is written). */
  #answer(runId: string, value: Extract<ResumeValue, { kind: 'approval' | 'escalation' }>, leased: (run: Run) => void): NonNullable<TaskChange['answers']> {
    return { runId, value, ifStale: 'refuse', resumed: (run) => run && leased(run) };
  }

  /** A cancellation goes out as `task.resolved` with decision "cancelled": either way the task is closed. */
  #closedEvent(db: Kysely<Database>, projectId: string, task: HumanTaskView, decision: string, respondedBy: string): Write {
    return outboxInsert(db, this.#ids, this.#clock, [{ projectId, topic: 'task.resolved', dedupeKey: `task.resolved:${task.id}`, payload: { taskId: task.id, runId: task.run_id, decision, respondedBy } }]);
  }
}

async function lockedRow(trx: Trx, db: Db, projectId: string, taskId: string): Promise<TaskRow> {
  const row = await db.dialect.lockRow(trx.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId)).executeTakeFirst();
  if (!row) throw taskNotFound(projectId, taskId);
  return row;
}

async function assertProjectAndTicket(trx: Trx, projectId: string, ticketId: string | undefined): Promise<void> {
  const project = await trx.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new SwitchboardError('project_not_found', `No project "${projectId}".`);
  if (ticketId === undefined) return;
  const ticket = await trx.selectFrom('tickets').select('id').where('project_id', '=', projectId).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw new SwitchboardError('ticket_not_found', `No ticket "${ticketId}" in project "${projectId}"; give a ticket id from the tickets API.`);
}

/** The only way a status is chosen here: through the transition table, or a 409 saying why not. */
function moveTo(task: HumanTaskView, to: HumanTaskStatus): HumanTaskStatus {
  if (canMoveTask(task.status, to)) return to;
  // Closing the task is the answer; any other move is a change to it.
  if (!isOpenTask(task.status)) throw closedTaskError(task, to === 'completed' ? 'answer' : 'change');
  throw new SwitchboardError('conflict', `Task ${task.id} cannot go from ${task.status} to ${to}.`, { status: task.status });
}

/** Checks the answers against the task's form; for a run's approval, the answer the run resumes with. */
function approvalAnswer(task: HumanTaskView, resolution: Resolution): Extract<ResumeValue, { kind: 'approval' }> | null {
  const approved = parseDecision(task.type, resolution.decision);
  assertValidAnswers(task.fields, resolution.fields ?? {}, task.tool_call ? ['args'] : []);
  if (approved === null) return null;
  return { kind: 'approval', taskId: task.id, approved, reason: resolution.notes ?? null, respondedBy: resolution.respondedBy, editedArgs: approved ? editedArgsFrom(resolution.fields) : null };
}

/** A person's answer to an escalation goes to the run, whose on_human_complete rules read it. */
function escalationAnswer(task: HumanTaskView, resolution: Resolution): Extract<ResumeValue, { kind: 'escalation' }> | null {
  assertValidAnswers(task.fields, resolution.fields ?? {}, []);
  if (!task.run_id) return null;
  return { kind: 'escalation', taskId: task.id, decision: resolution.decision, fields: resolution.fields ?? {}, notes: resolution.notes ?? null, respondedBy: resolution.respondedBy };
}

function parseDecision(type: HumanTaskType, decision: string): boolean | null {
  if (type !== 'approval') return null;
  if (decision === 'approved') return true;
  if (decision === 'rejected') return false;
  throw new SwitchboardError('invalid_request', `An approval is decided with "approved" or "rejected", not "${decision}".`);
}

/** Approve with edits: `fields.args` overrides the proposed arguments (the engine re-validates them). */
function editedArgsFrom(fields: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const args = fields?.['args'];
  return args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : null;
}

function taskNotFound(projectId: string, taskId: string): SwitchboardError {
  return new SwitchboardError('task_not_found', `No human task "${taskId}" in project "${projectId}".`);
}

/**
 * Closing a handoff gives the conversation back: `handed_back` returns it to the bot, any other
 * decision (resolved, completed) resolves the ticket.
 */
async function endHandoff(trx: Trx, ticketId: string, decision: string, now: string): Promise<void> {
  const ticket = await trx.selectFrom('tickets').select(['status', 'version']).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return;
  const status: TicketStatus = decision === 'handed_back' ? 'in_progress' : 'resolved';
  if (!canMoveTicket(ticket.status as TicketStatus, status)) return;
  await trx.updateTable('tickets').set({ status, version: ticket.version + 1, updated_at: now }).where('id', '=', ticketId).execute();
}

/** The inbox's query, in the order the inbox indexes serve (migration 0007). */
export function inboxQuery(db: Kysely<Database>, projectId: string, filter: InboxFilter, now: string) {
  let query = db.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.priority) query = query.where('priority', '=', filter.priority);
  if (filter.assignee) query = query.where((eb) => eb.or([eb('assigned_to', '=', filter.assignee ?? ''), eb('claimed_by', '=', filter.assignee ?? '')]));
  if (filter.team) query = query.where('assigned_team', '=', filter.team);
  if (filter.overdue === true) query = query.where('due_at', '<', now).where('status', 'in', openTaskStatuses);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '>=', now), eb('status', 'not in', openTaskStatuses)]));
  if (filter.open === true) query = query.where(sql<boolean>`status in ${openStatusesInSql}`);
  if (filter.open === false) query = query.where('status', 'not in', openTaskStatuses);
  return query
    .orderBy('priority_rank', 'desc')
    .orderBy((eb) => eb('due_at', 'is', null))
    .orderBy('due_at')
    .orderBy('id')
    .limit(Math.min(filter.limit ?? 100, 1000));
}
