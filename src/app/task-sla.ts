// Due dates and escalation chains (seed 001). A task's due time is its timer: the worker claims open
// tasks whose due time has passed (SKIP LOCKED, so processes share the work and a restart loses
// nothing) and moves each one level up its chain — reassign, raise the priority, notify, set the next
// due time. After the last level the expiry rule applies: deny, approve small amounts, or keep going.
import type { Selectable, Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { canMoveTask, openTaskStatuses, type HumanTaskStatus, type ProposedToolCall } from '../domain/human-task.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { priorities, priorityRank, type Priority } from '../domain/ticket.ts';
import type { ChainLevelConfig, InboxConfig } from '../config/config-schema.ts';
import type { Engine } from '../engine/engine.ts';
import type { EventBus } from '../engine/events.ts';
import { enqueueOutbox } from '../engine/outbox.ts';
import type { Db } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';
import type { Database, HumanTaskTable } from '../store/schema.ts';
import { auditTaskChange, type TaskAction } from './task-audit.ts';
import { humanTaskViewAt } from './views.ts';

type Trx = Transaction<Database>;
type TaskRow = Selectable<HumanTaskTable>;

/** Who acts when a deadline passes, in the task and the audit log. */
export const slaActor = 'system:sla';

interface Change {
  action: TaskAction;
  set: Partial<TaskRow>;
  /** The run this change resumes, to be driven after the commit. */
  runId: string | null;
  data: Record<string, unknown>;
}

export class TaskSla {
  readonly #d: { db: Db; engine: Engine; clock: Clock; ids: IdGenerator; events: EventBus; inbox: InboxConfig };

  constructor(deps: { db: Db; engine: Engine; clock: Clock; ids: IdGenerator; events: EventBus; inbox: InboxConfig }) {
    this.#d = deps;
  }

  /** Minutes until a new task of this priority is due, if the SLA names one. */
  dueMinutes(priority: Priority): number | undefined {
    return this.#d.inbox.sla_minutes[priority];
  }

  get active(): boolean {
    return this.#d.inbox.escalation_chain.length > 0 || this.#d.inbox.on_expiry !== 'none';
  }

  /** Moves every overdue open task one level; returns the runs its decisions resumed. */
  async escalateOverdue(limit = 50): Promise<string[]> {
    if (!this.active) return [];
    const { db, clock } = this.#d;
    const now = isoAt(clock);
    const changed: { projectId: string; taskId: string; status: string }[] = [];
    const runIds = await db.kysely.transaction().execute(async (trx) => {
      const due = await db.dialect
        .lockForClaim(trx.selectFrom('human_tasks').selectAll().where('status', 'in', [...openTaskStatuses]).where('due_at', '<=', now).orderBy('due_at').limit(limit))
        .execute();
      const resumed: string[] = [];
      for (const row of due) {
        const change = this.#changeFor(row, now);
        if (!change) continue;
        await this.#apply(trx, row, change, now);
        changed.push({ projectId: row.project_id, taskId: row.id, status: String(change.set.status ?? row.status) });
        if (change.runId) resumed.push(change.runId);
      }
      return resumed;
    });
    for (const c of changed) this.#d.events.publish({ type: 'task', taskId: c.taskId, projectId: c.projectId, status: c.status });
    return runIds;
  }

  #changeFor(row: TaskRow, now: string): Change | null {
    const chain = this.#d.inbox.escalation_chain;
    const level = chain[row.escalation_level];
    if (level) return nextLevel(row, level, now, this.#d.clock);
    const expiry = this.#d.inbox.on_expiry;
    if (expiry === 'none') return null;
    if (expiry === 'auto_deny') return decideByDeadline(row, false, now);
    if (expiry !== 'keep_escalating' && isSmallAmount(row, expiry.auto_approve_below_cents)) return decideByDeadline(row, true, now);
    // Keep escalating: the last level again, one priority higher.
    const last = chain.at(-1);
    return nextLevel(row, last ?? { raise_priority: true, due_in_minutes: 60 }, now, this.#d.clock);
  }

  async #apply(trx: Trx, row: TaskRow, change: Change, now: string): Promise<void> {
    const { db, engine, ids, clock } = this.#d;
    const view = humanTaskViewAt(clock);
    await trx.updateTable('human_tasks').set({ ...change.set, version: row.version + 1, updated_at: now }).where('id', '=', row.id).execute();
    const after = await trx.selectFrom('human_tasks').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    if (change.runId) {
      const approved = change.set.decision === 'approved';
      await engine.resumeRun(trx, change.runId, { kind: 'approval', taskId: row.id, approved, reason: approved ? null : 'no decision before the deadline', respondedBy: slaActor, editedArgs: null });
    }
    await auditTaskChange(trx, db.dialect, ids, { projectId: row.project_id, taskId: row.id, actor: slaActor, action: change.action, before: view(row), after: view(after), data: change.data, at: now });
    const topic = change.action === 'escalated' ? 'task.escalated' : 'task.resolved';
    await enqueueOutbox(trx, ids, clock, { projectId: row.project_id, topic, dedupeKey: `${topic}:${row.id}:${row.escalation_level}`, payload: { taskId: row.id, runId: row.run_id, ...change.data } });
  }
}

function nextLevel(row: TaskRow, level: Pick<ChainLevelConfig, 'assign_to' | 'assign_team' | 'raise_priority' | 'due_in_minutes'>, now: string, clock: Clock): Change {
  const priority = level.raise_priority ? raised(row.priority as Priority) : (row.priority as Priority);
  const reassigned = level.assign_to !== undefined || level.assign_team !== undefined;
  const status: HumanTaskStatus = reassigned && canMoveTask(row.status as HumanTaskStatus, 'assigned') ? 'assigned' : (row.status as HumanTaskStatus);
  const set: Partial<TaskRow> = {
    status,
    priority,
    priority_rank: priorityRank(priority),
    escalation_level: row.escalation_level + 1,
    due_at: isoAt(clock, level.due_in_minutes * 60_000),
    ...(reassigned ? { assigned_to: level.assign_to ?? null, assigned_team: level.assign_team ?? null, claimed_by: null } : {}),
  };
  return { action: 'escalated', set, runId: null, data: { level: row.escalation_level + 1, priority, assigned_to: set.assigned_to ?? row.assigned_to, assigned_team: set.assigned_team ?? row.assigned_team, overdue_since: row.due_at, at: now } };
}

/** The expiry rule decides in the reviewer's place; a run waiting on the task continues. */
function decideByDeadline(row: TaskRow, approve: boolean, now: string): Change {
  const waitsForApproval = row.type === 'approval' && row.run_id !== null;
  const toolCall = fromJson<ProposedToolCall | null>(row.tool_call, null);
  const set: Partial<TaskRow> = {
    status: approve ? 'completed' : 'expired',
    decision: approve ? 'approved' : 'rejected',
    responded_by: slaActor,
    notes: approve ? 'approved automatically: below the amount the expiry rule approves' : 'no decision before the deadline',
    resolved_at: now,
    ...(approve && toolCall ? { tool_call: toJson({ ...toolCall, approvedArgs: toolCall.args }) } : {}),
  };
  return { action: approve ? 'resolved' : 'expired', set, runId: waitsForApproval ? row.run_id : null, data: { decision: set.decision, rule: approve ? 'auto_approve_below' : 'auto_deny' } };
}

function isSmallAmount(row: TaskRow, limitCents: number): boolean {
  const amount = fromJson<ProposedToolCall | null>(row.tool_call, null)?.args['amount_cents'];
  return typeof amount === 'number' && amount < limitCents;
}

function raised(priority: Priority): Priority {
  return priorities[Math.min(priorities.length - 1, priorityRank(priority) + 1)] ?? priority;
}
