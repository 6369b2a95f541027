// Commits one step: the step record, the run's new state and position, the reply, the wait
// (human task or timer) and the outbox messages — all or nothing, guarded by the lease (one statement
// on PostgreSQL, one transaction on SQLite).
import type { Kysely, QueryCreator } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { assertRunMove, type RunStatus, type RunWait } from '../domain/run.ts';
import { canMoveTicket, priorityRank, ticketStatuses, type Priority, type TicketStatus } from '../domain/ticket.ts';
import type { HumanTaskType, ProposedToolCall } from '../domain/human-task.ts';
import type { Db } from '../store/connect.ts';
import { toJson } from '../store/json.ts';
import { newHumanTaskRow } from '../store/human-task-row.ts';
import { auditInserts, type AuditEntry } from '../store/audit-chain.ts';
import type { Database } from '../store/schema.ts';
import { BatchRefused, writeGuarded, type Write } from '../store/write-batch.ts';
import type { ApprovalRequest, EmailRequest, NodeOutcome, StepRecord, TaskRequest, TicketUpdate, WaitRequest, WorkflowState } from './graph.ts';
import type { ApprovalStep } from '../policy/approval-policy.ts';
import { outboxInsert, type NewOutboxMessage } from './outbox.ts';
import type { Run } from './run.ts';

export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`Lease on run ${runId} was lost; another worker owns it now.`);
  }
}

export interface CommitDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  workerId: string;
  leaseMs: number;
  /** Minutes until a new task of this priority is due (the inbox SLA), if any. */
  taskDueMinutes?: ((priority: Priority) => number | undefined) | undefined;
}

export interface StepResult {
  node: string;
  seq: number;
  startedAt: Date;
  record: StepRecord;
  status: 'succeeded' | 'failed';
  inputSnapshot: string | null;
  state: WorkflowState;
  /** The node to run next, or null when the run stops (waiting, completed or failed). */
  nextNode: string | null;
  runStatus: RunStatus;
  wait: WaitRequest | null;
  reply: string | undefined;
  ticket: TicketUpdate | undefined;
  task: TaskRequest | undefined;
  email?: EmailRequest | undefined;
  /** Where a waiting run continues, when not at the node that paused it (an escalation). */
  resumeAt?: string;
  error: string | null;
}

export interface Committed {
  run: Run;
  messageId: string | null;
  taskId: string | null;
}

export async function commitStep(deps: CommitDeps, run: Run, step: StepResult): Promise<Committed> {
  const now = isoAt(deps.clock);
  const taskId = step.wait?.kind === 'approval' || step.wait?.kind === 'escalation' ? deps.ids() : null;
  const timerId = step.wait?.kind === 'timer' ? deps.ids() : null;
  const runWait = toRunWait(step.wait, taskId, timerId, deps.clock);
  const running = step.runStatus === 'running';
  const terminal = step.runStatus === 'completed' || step.runStatus === 'failed';
  const next: Run = {
    ...run,
    status: step.runStatus,
    currentNode: step.nextNode ?? (step.runStatus === 'waiting' ? (step.resumeAt ?? step.node) : null),
    state: step.state,
    wait: runWait,
    resumeValue: null,
    stepCount: step.seq,
    attempts: 0,
    leaseOwner: running ? deps.workerId : null,
    leaseExpiresAt: running ? isoAt(deps.clock, deps.leaseMs) : null,
    version: run.version + 1,
    error: step.error,
    updatedAt: now,
    finishedAt: terminal ? now : null,
  };
  assertRunMove(run.id, run.status, next.status);
  const messageId = step.reply === undefined ? null : deps.ids();
  const tasks = tasksOf(step, run, taskId, deps.ids);
  const write = async (db: Kysely<Database>, audits: readonly Write[]): Promise<void> => {
    const outbox: NewOutboxMessage[] = [];
    const writes: Write[] = [stepInsert(db, deps, run, step, now)];
    if (messageId !== null && step.reply !== undefined) {
      writes.push(replyInsert(db, run, messageId, step.reply, now));
      outbox.push({ projectId: run.projectId, topic: 'message.created', dedupeKey: `message.created:${messageId}`, payload: { messageId, ticketId: run.ticketId, runId: run.id, role: 'assistant' } });
    }
    if (timerId !== null && runWait?.kind === 'timer') writes.push(timerInsert(db, run, timerId, runWait.dueAt, now));
    for (const task of tasks) {
      writes.push(taskInsert(db, deps, run, task.id, task.row, now));
      outbox.push(taskCreatedEvent(run, task.id, task.row));
    }
    writes.push(...audits, ticketUpdate(db, run.ticketId, ticketStatusAfter(step), step.ticket, now));
    const events = [...outbox, ...laterEvents(run, step, taskId)];
    if (events.length > 0) writes.push(outboxInsert(db, deps.ids, deps.clock, events));
    // The run's update, guarded by the lease, says whether this worker may still write the step: if
    // not, nothing of it is written (one statement on PostgreSQL; SQLite's transaction rolls back).
    try {
      await writeGuarded(db, deps.db.dialect, { guards: [runUpdate(db, deps.workerId, run, next)], writes });
    } catch (error) {
      if (error instanceof BatchRefused) throw new LeaseLostError(run.id);
      throw error;
    }
  };
  // Escalations and gates the engine opens are in the audit chain like every person's act.
  const audited = async (db: Kysely<Database>) => write(db, await auditInserts(db, deps.db.dialect, deps.ids, tasks.map((task) => taskAuditEntry(run, task.id, task.row, now))));
  // A step the run goes on from need not wait for the disk: the drive's last step, which waits, makes it durable.
  const options = { deferCommit: running };
  // On PostgreSQL the step is one statement, audit entries and all, and needs no transaction around it.
  await deps.db.statement(audited, options);
  return { run: next, messageId, taskId };
}


/** The run's new state, only if this worker holds the lease on the version it read. */
function runUpdate(db: QueryCreator<Database>, workerId: string, before: Run, after: Run) {
  return db
    .updateTable('runs')
    .set({
      status: after.status,
      current_node: after.currentNode,
      state: toJson(after.state),
      wait: after.wait ? toJson(after.wait) : null,
      resume_value: null,
      step_count: after.stepCount,
      attempts: 0,
      lease_owner: after.leaseOwner,
      lease_expires_at: after.leaseExpiresAt,
      error: after.error,
      version: after.version,
      updated_at: after.updatedAt,
      finished_at: after.finishedAt,
    })
    .where('id', '=', before.id)
    .where('lease_owner', '=', workerId)
    .where('version', '=', before.version)
    .returning('id');
}

function stepInsert(db: QueryCreator<Database>, deps: CommitDeps, run: Run, step: StepResult, now: string) {
  const finished = deps.clock.now();
  return db.insertInto('steps').values({
    id: deps.ids(),
    project_id: run.projectId,
    run_id: run.id,
    seq: step.seq,
    node: step.node,
    layer: step.record.layer,
    source: step.record.source,
    status: step.status,
    decision: step.record.decision,
    confidence: step.record.confidence ?? null,
    input_snapshot: step.inputSnapshot,
    output: toJson(step.record.payload ?? {}),
    started_at: step.startedAt.toISOString(),
    finished_at: now,
    duration_ms: Math.max(0, finished.getTime() - step.startedAt.getTime()),
    tokens_in: step.record.tokensIn ?? 0,
    tokens_out: step.record.tokensOut ?? 0,
    cost_usd: step.record.costUsd ?? 0,
    wait: step.wait?.kind ?? null,
  });
}

function replyInsert(db: QueryCreator<Database>, run: Run, id: string, body: string, now: string) {
  return db.insertInto('messages').values({ id, project_id: run.projectId, ticket_id: run.ticketId, run_id: run.id, role: 'assistant', body, author: null, created_at: now });
}

function timerInsert(db: QueryCreator<Database>, run: Run, id: string, dueAt: string, now: string) {
  return db.insertInto('timers').values({ id, project_id: run.projectId, run_id: run.id, task_id: null, kind: 'run_wake', due_at: dueAt, status: 'pending', payload: '{}', lease_owner: null, lease_expires_at: null, created_at: now, fired_at: null });
}

/** The tasks a step opens: the one its wait is for, and one a node asks for without waiting. */
function tasksOf(step: StepResult, run: Run, taskId: string | null, ids: IdGenerator): { id: string; row: TaskRow }[] {
  const tasks: { id: string; row: TaskRow }[] = [];
  const request = step.wait;
  if (request?.kind === 'approval' && taskId !== null) tasks.push({ id: taskId, row: approvalTaskRow(request.task, run.id) });
  if (request?.kind === 'escalation' && taskId !== null) tasks.push({ id: taskId, row: { ...request.task, type: 'escalation', runId: run.id, toolCall: null } });
  if (step.task) tasks.push({ id: ids(), row: { ...step.task, runId: null, toolCall: null, assignedTo: step.task.assignedTo ?? null } });
  return tasks;
}

/** Events after the reply and the tasks: the pause, the mail, the end. */
function laterEvents(run: Run, step: StepResult, taskId: string | null): NewOutboxMessage[] {
  const events: NewOutboxMessage[] = [];
  if (step.wait) events.push({ projectId: run.projectId, topic: 'run.paused', dedupeKey: `run.paused:${run.id}:${step.seq}`, payload: { runId: run.id, ticketId: run.ticketId, waitingFor: step.wait.kind, taskId } });
  if (step.email) events.push({ projectId: run.projectId, topic: 'email.send', dedupeKey: `email:${run.id}:${step.seq}`, payload: { ...step.email, runId: run.id, ticketId: run.ticketId } });
  const terminal = step.runStatus === 'completed' || step.runStatus === 'failed';
  if (terminal) events.push({ projectId: run.projectId, topic: step.runStatus === 'completed' ? 'run.completed' : 'run.failed', dedupeKey: `run.finished:${run.id}`, payload: { runId: run.id, ticketId: run.ticketId, status: step.runStatus } });
  return events;
}

/** The first step of a chain gets the first approver; the chain and its position travel in the context. */
function approvalTaskRow(task: ApprovalRequest, runId: string): TaskRow {
  const chain = task.chain ?? [];
  const first = chain[0];
  const row = { ...task, type: 'approval' as const, runId, toolCall: task.toolCall ?? null };
  if (!first) return row;
  return {
    ...row,
    title: chainStepTitle(task.title, 0, chain),
    context: { ...task.context, approval_chain: { title: task.title, steps: chain, index: 0 } },
    assignedTo: first.assign_to ?? null,
    assignedTeam: first.assign_team ?? null,
  };
}

export function chainStepTitle(title: string, index: number, chain: readonly ApprovalStep[]): string {
  return `${title} (step ${index + 1} of ${chain.length}: ${chain[index]?.name ?? 'reviewer'})`;
}

interface TaskRow {
  type: HumanTaskType;
  title: string;
  reason: string;
  priority: Priority;
  context?: Record<string, unknown> | undefined;
  toolCall: ProposedToolCall | null;
  /** The run that waits for the task, or null when nothing waits (a handoff, an escalation). */
  runId: string | null;
  assignedTo?: string | null;
  assignedTeam?: string | null;
}

function taskInsert(db: QueryCreator<Database>, deps: CommitDeps, run: Run, taskId: string, task: TaskRow, now: string) {
  const row = newHumanTaskRow({
    id: taskId,
    project_id: run.projectId,
    ticket_id: run.ticketId,
    run_id: task.runId,
    type: task.type,
    status: task.assignedTo || task.assignedTeam ? 'assigned' : 'pending',
    assigned_to: task.assignedTo ?? null,
    assigned_team: task.assignedTeam ?? null,
    priority: task.priority,
    priority_rank: priorityRank(task.priority),
    title: task.title,
    reason: task.reason,
    context: toJson(task.context ?? {}),
    tool_call: task.toolCall ? toJson(task.toolCall) : null,
    due_at: dueAtFor(deps, task.priority),
    created_at: now,
  });
  // Whoever opened the conversation (a signed-in person trying the bot) may not approve what it asks.
  return db.insertInto('human_tasks').values((eb) => ({ ...row, requested_by: eb.selectFrom('tickets').select('requested_by').where('id', '=', run.ticketId) }));
}

function taskAuditEntry(run: Run, taskId: string, task: TaskRow, now: string): AuditEntry {
  return { projectId: run.projectId, actor: task.type === 'escalation' ? 'system:escalation' : 'system:engine', action: 'human_task.created', subjectType: 'human_task', subjectId: taskId, data: { type: task.type, title: task.title, reason: task.reason, priority: task.priority, run_id: task.runId, tool_call: task.toolCall, assigned_to: task.assignedTo ?? null, assigned_team: task.assignedTeam ?? null }, at: now };
}

function taskCreatedEvent(run: Run, taskId: string, task: TaskRow): NewOutboxMessage {
  return { projectId: run.projectId, topic: 'task.created', dedupeKey: `task.created:${taskId}`, payload: { taskId, type: task.type, runId: task.runId, ticketId: run.ticketId, title: task.title, reason: task.reason, priority: task.priority, toolCall: task.toolCall } };
}

function dueAtFor(deps: CommitDeps, priority: Priority): string | null {
  const minutes = deps.taskDueMinutes?.(priority);
  return minutes === undefined ? null : isoAt(deps.clock, minutes * 60_000);
}

function toRunWait(wait: WaitRequest | null, taskId: string | null, timerId: string | null, clock: Clock): RunWait | null {
  if (!wait) return null;
  switch (wait.kind) {
    case 'approval':
      return { kind: 'approval', taskId: taskId ?? '' };
    case 'escalation':
      return { kind: 'escalation', taskId: taskId ?? '' };
    case 'customer':
      return wait.topic ? { kind: 'customer', topic: wait.topic } : { kind: 'customer' };
    case 'timer':
      return { kind: 'timer', timerId: timerId ?? '', dueAt: isoAt(clock, wait.afterMs) };
  }
}

function ticketStatusAfter(step: StepResult): TicketStatus | undefined {
  // A person owns an escalated conversation, whatever the step meant to set.
  if (step.wait?.kind === 'escalation') return 'with_human';
  if (step.ticket?.status) return step.ticket.status;
  if (step.wait?.kind === 'approval') return 'awaiting_approval';
  if (step.wait?.kind === 'customer') return 'awaiting_customer';
  if (step.runStatus === 'completed') return 'resolved';
  if (step.runStatus === 'failed') return 'with_human';
  return undefined;
}

/** One statement: the status moves only from a status it may move from (src/domain/ticket.ts). */
function ticketUpdate(db: QueryCreator<Database>, ticketId: string, status: TicketStatus | undefined, update: TicketUpdate | undefined, now: string) {
  const movableFrom = status ? ticketStatuses.filter((from) => canMoveTicket(from, status)) : [];
  return db
    .updateTable('tickets')
    .set((eb) => ({
      ...(status && movableFrom.length > 0 ? { status: eb.case().when('status', 'in', movableFrom).then(status).else(eb.ref('status')).end() } : {}),
      ...(update?.category !== undefined ? { category: update.category } : {}),
      ...(update?.priority !== undefined ? { priority: update.priority } : {}),
      ...(update?.customerEmail ? { customer_email: update.customerEmail } : {}),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', ticketId);
}

export function outcomeRunStatus<S extends WorkflowState>(outcome: NodeOutcome<S>, nextNode: string | null): RunStatus {
  if (outcome.kind === 'interrupt') return 'waiting';
  return nextNode === null ? 'completed' : 'running';
}
