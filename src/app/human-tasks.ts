// The inbox: list, claim and resolve human tasks. Resolving an approval resumes its run.
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { canMoveTask, isOpenTask, openTaskStatuses, type HumanTaskStatus } from '../domain/human-task.ts';
import type { Engine } from '../engine/engine.ts';
import { enqueueOutbox } from '../engine/outbox.ts';
import type { EventBus } from '../engine/events.ts';
import type { Db } from '../store/connect.ts';
import { toJson } from '../store/json.ts';
import { appendAudit } from './audit.ts';
import { humanTaskView, type HumanTaskView } from './views.ts';

export interface TaskFilter {
  status?: HumanTaskStatus;
  type?: string;
  priority?: string;
  assignee?: string;
  limit?: number;
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
}

export class HumanTaskService {
  readonly #db: Db;
  readonly #engine: Engine;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #events: EventBus;

  constructor(deps: { db: Db; engine: Engine; clock: Clock; ids: IdGenerator; events: EventBus }) {
    this.#db = deps.db;
    this.#engine = deps.engine;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#events = deps.events;
  }

  /** Highest priority first, then the earliest due date, then the oldest. */
  async list(projectId: string, filter: TaskFilter = {}): Promise<HumanTaskView[]> {
    let query = this.#db.kysely.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.type) query = query.where('type', '=', filter.type);
    if (filter.priority) query = query.where('priority', '=', filter.priority);
    if (filter.assignee) query = query.where('assigned_to', '=', filter.assignee);
    const rows = await query.orderBy('priority_rank', 'desc').orderBy('due_at').orderBy('id').limit(Math.min(filter.limit ?? 100, 1000)).execute();
    return rows.map(humanTaskView);
  }

  async get(projectId: string, taskId: string): Promise<HumanTaskView> {
    const row = await this.#db.kysely.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId).executeTakeFirst();
    if (!row) throw new SwitchboardError('task_not_found', `No human task "${taskId}" in project "${projectId}".`);
    return humanTaskView(row);
  }

  /** Atomic: of two reviewers claiming at once, one wins and the other gets `already_claimed`. */
  async claim(projectId: string, taskId: string, userId: string): Promise<HumanTaskView> {
    const task = await this.get(projectId, taskId);
    if (!isOpenTask(task.status)) throw alreadyDecided(task);
    if (task.claimed_by === userId) return task;
    if (task.claimed_by !== null) throw new SwitchboardError('already_claimed', `Task ${taskId} is already claimed by ${task.claimed_by}.`, { claimedBy: task.claimed_by });
    const now = isoAt(this.#clock);
    const result = await this.#db.kysely
      .updateTable('human_tasks')
      .set((eb) => ({ status: 'in_progress', claimed_by: userId, assigned_to: task.assigned_to ?? userId, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', taskId)
      .where('claimed_by', 'is', null)
      .where('status', 'in', openTaskStatuses)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return this.claim(projectId, taskId, userId);
    this.#events.publish({ type: 'task', taskId, projectId, status: 'in_progress' });
    return this.get(projectId, taskId);
  }

  /**
   * Records the decision and hands it to the waiting run in one transaction; exactly one of two
   * concurrent decisions wins. The run is leased to this process, which continues it before returning.
   */
  async resolve(projectId: string, taskId: string, resolution: Resolution): Promise<ResolveResult> {
    const runId = await this.#db.kysely.transaction().execute(async (trx) => {
      const row = await this.#db.dialect.lockRow(trx.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId)).executeTakeFirst();
      if (!row) throw new SwitchboardError('task_not_found', `No human task "${taskId}" in project "${projectId}".`);
      const task = humanTaskView(row);
      if (!canMoveTask(task.status, 'completed')) throw alreadyDecided(task);
      const approval = parseDecision(task.type, resolution.decision);
      const editedArgs = approval === true ? editedArgsFrom(resolution.fields) : null;
      const toolCall = task.tool_call && approval === true ? { ...task.tool_call, approvedArgs: { ...task.tool_call.args, ...(editedArgs ?? {}) } } : task.tool_call;
      const now = isoAt(this.#clock);
      const updated = await trx
        .updateTable('human_tasks')
        .set({ status: 'completed', decision: resolution.decision, response_fields: toJson(resolution.fields ?? {}), notes: resolution.notes ?? null, responded_by: resolution.respondedBy, resolved_at: now, updated_at: now, tool_call: toolCall ? toJson(toolCall) : null, version: row.version + 1 })
        .where('id', '=', taskId)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new SwitchboardError('conflict', `Task ${taskId} changed while deciding; try again.`);
      if (row.run_id) {
        const resumed = await this.#engine.resumeRun(trx, row.run_id, { kind: 'approval', taskId, approved: approval !== false, reason: resolution.notes ?? null, respondedBy: resolution.respondedBy, editedArgs });
        if (resumed === 'stale') throw new SwitchboardError('not_awaiting_approval', `The run behind task ${taskId} is no longer waiting for this decision.`);
      }
      await appendAudit(trx, this.#db.dialect, this.#ids, { projectId, actor: resolution.respondedBy, action: 'human_task.resolved', subjectType: 'human_task', subjectId: taskId, data: { decision: resolution.decision, notes: resolution.notes ?? null, fields: resolution.fields ?? {}, tool_call: toolCall }, at: now });
      await enqueueOutbox(trx, this.#ids, this.#clock, { projectId, topic: 'task.resolved', dedupeKey: `task.resolved:${taskId}`, payload: { taskId, runId: row.run_id, decision: resolution.decision, respondedBy: resolution.respondedBy } });
      return row.run_id;
    });
    this.#events.publish({ type: 'task', taskId, projectId, status: 'completed' });
    if (runId) await this.#engine.drive(runId);
    return { task: await this.get(projectId, taskId), runId };
  }
}

function parseDecision(type: string, decision: string): boolean | null {
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

function alreadyDecided(task: HumanTaskView): SwitchboardError {
  return new SwitchboardError('already_decided', `Task ${task.id} was already ${task.status}${task.decision ? ` (${task.decision} by ${task.responded_by ?? 'unknown'})` : ''}.`, {
    status: task.status,
    decision: task.decision,
    respondedBy: task.responded_by,
    resolvedAt: task.resolved_at,
  });
}

