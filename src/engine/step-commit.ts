// Commits one step: the step record, the run's new state and position, the reply, the wait
// (human task or timer) and the outbox messages — all in one transaction, guarded by the lease.
import type { Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { assertRunMove, type RunStatus, type RunWait } from '../domain/run.ts';
import { canMoveTicket, priorityRank, ticketStatuses, type Priority, type TicketStatus } from '../domain/ticket.ts';
import type { HumanTaskType, ProposedToolCall } from '../domain/human-task.ts';
import type { Db } from '../store/connect.ts';
import { toJson } from '../store/json.ts';
import { newHumanTaskRow } from '../store/human-task-row.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { Database } from '../store/schema.ts';
import type { ApprovalRequest, EmailRequest, NodeOutcome, StepRecord, TaskRequest, TicketUpdate, WaitRequest, WorkflowState } from './graph.ts';
import type { ApprovalStep } from '../policy/approval-policy.ts';
import { enqueueOutboxAll, type NewOutboxMessage } from './outbox.ts';
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
  let messageId: string | null = null;
  // A step the run goes on from need not wait for the disk: the drive's last step, which waits, makes it durable.
  await deps.db.transaction(async (trx) => {
    // The step's events are gathered and written in one statement at the end.
    const outbox: NewOutboxMessage[] = [];
    await updateRunGuarded(trx, deps.workerId, run, next);
    await insertStep(trx, deps, run, step, now);
    if (step.reply !== undefined) messageId = await insertReply(trx, deps, run, step.reply, now, outbox);
    if (step.wait) await insertWait(trx, deps, run, step, taskId, timerId, runWait, now, outbox);
    if (step.task) await insertTask(trx, deps, run, deps.ids(), { ...step.task, runId: null, toolCall: null, assignedTo: step.task.assignedTo ?? null }, now, outbox);
    if (step.email) outbox.push({ projectId: run.projectId, topic: 'email.send', dedupeKey: `email:${run.id}:${step.seq}`, payload: { ...step.email, runId: run.id, ticketId: run.ticketId } });
    if (terminal) outbox.push({ projectId: run.projectId, topic: step.runStatus === 'completed' ? 'run.completed' : 'run.failed', dedupeKey: `run.finished:${run.id}`, payload: { runId: run.id, ticketId: run.ticketId, status: step.runStatus } });
    await updateTicket(trx, run.ticketId, ticketStatusAfter(step), step.ticket, now);
    await enqueueOutboxAll(trx, deps.ids, deps.clock, outbox);
  }, { deferCommit: running });
  return { run: next, messageId, taskId };
}

async function updateRunGuarded(trx: Transaction<Database>, workerId: string, before: Run, after: Run): Promise<void> {
  const result = await trx
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
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(before.id);
}

async function insertStep(trx: Transaction<Database>, deps: CommitDeps, run: Run, step: StepResult, now: string): Promise<void> {
  const finished = deps.clock.now();
  await trx
    .insertInto('steps')
    .values({
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
    })
    .execute();
}

async function insertReply(trx: Transaction<Database>, deps: CommitDeps, run: Run, body: string, now: string, outbox: NewOutboxMessage[]): Promise<string> {
  const id = deps.ids();
  await trx.insertInto('messages').values({ id, project_id: run.projectId, ticket_id: run.ticketId, run_id: run.id, role: 'assistant', body, author: null, created_at: now }).execute();
  outbox.push({ projectId: run.projectId, topic: 'message.created', dedupeKey: `message.created:${id}`, payload: { messageId: id, ticketId: run.ticketId, runId: run.id, role: 'assistant' } });
  return id;
}

async function insertWait(trx: Transaction<Database>, deps: CommitDeps, run: Run, step: StepResult, taskId: string | null, timerId: string | null, wait: RunWait | null, now: string, outbox: NewOutboxMessage[]): Promise<void> {
  const request = step.wait;
  if (!request) return;
  if (request.kind === 'approval' && taskId !== null) {
    await insertTask(trx, deps, run, taskId, approvalTaskRow(request.task, run.id), now, outbox);
  }
  if (request.kind === 'escalation' && taskId !== null) {
    await insertTask(trx, deps, run, taskId, { ...request.task, type: 'escalation', runId: run.id, toolCall: null }, now, outbox);
  }
  if (request.kind === 'timer' && timerId !== null && wait?.kind === 'timer') {
    await trx.insertInto('timers').values({ id: timerId, project_id: run.projectId, run_id: run.id, task_id: null, kind: 'run_wake', due_at: wait.dueAt, status: 'pending', payload: '{}', lease_owner: null, lease_expires_at: null, created_at: now, fired_at: null }).execute();
  }
  outbox.push({ projectId: run.projectId, topic: 'run.paused', dedupeKey: `run.paused:${run.id}:${step.seq}`, payload: { runId: run.id, ticketId: run.ticketId, waitingFor: request.kind, taskId } });
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

async function insertTask(trx: Transaction<Database>, deps: CommitDeps, run: Run, taskId: string, task: TaskRow, now: string, outbox: NewOutboxMessage[]): Promise<void> {
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
  await trx
    .insertInto('human_tasks')
    .values((eb) => ({ ...row, requested_by: eb.selectFrom('tickets').select('requested_by').where('id', '=', run.ticketId) }))
    .execute();
  // Escalations and gates the engine opens are in the audit chain like every person's act.
  await appendAudit(trx, deps.db.dialect, deps.ids, { projectId: run.projectId, actor: task.type === 'escalation' ? 'system:escalation' : 'system:engine', action: 'human_task.created', subjectType: 'human_task', subjectId: taskId, data: { type: task.type, title: task.title, reason: task.reason, priority: task.priority, run_id: task.runId, tool_call: task.toolCall, assigned_to: task.assignedTo ?? null, assigned_team: task.assignedTeam ?? null }, at: now });
  outbox.push({ projectId: run.projectId, topic: 'task.created', dedupeKey: `task.created:${taskId}`, payload: { taskId, type: task.type, runId: task.runId, ticketId: run.ticketId, title: task.title, reason: task.reason, priority: task.priority, toolCall: task.toolCall } });
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
async function updateTicket(trx: Transaction<Database>, ticketId: string, status: TicketStatus | undefined, update: TicketUpdate | undefined, now: string): Promise<void> {
  const movableFrom = status ? ticketStatuses.filter((from) => canMoveTicket(from, status)) : [];
  await trx
    .updateTable('tickets')
    .set((eb) => ({
      ...(status && movableFrom.length > 0 ? { status: eb.case().when('status', 'in', movableFrom).then(status).else(eb.ref('status')).end() } : {}),
      ...(update?.category !== undefined ? { category: update.category } : {}),
      ...(update?.priority !== undefined ? { priority: update.priority } : {}),
      ...(update?.customerEmail ? { customer_email: update.customerEmail } : {}),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', ticketId)
    .execute();
}

export function outcomeRunStatus<S extends WorkflowState>(outcome: NodeOutcome<S>, nextNode: string | null): RunStatus {
  if (outcome.kind === 'interrupt') return 'waiting';
  return nextNode === null ? 'completed' : 'running';
}
