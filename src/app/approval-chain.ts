// Multi-step approvals: each approver of a chain gets their own task; approving one opens the next,
// and the run keeps waiting until the last. The chain and its position travel in the task's context.
import type { Selectable, Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { ResumeValue } from '../domain/run.ts';
import { priorityRank, type Priority } from '../domain/ticket.ts';
import type { Engine } from '../engine/engine.ts';
import { enqueueOutbox } from '../engine/outbox.ts';
import { chainStepTitle } from '../engine/step-commit.ts';
import type { ApprovalStep } from '../policy/approval-policy.ts';
import type { Db } from '../store/connect.ts';
import { newHumanTaskRow } from '../store/human-task-row.ts';
import { toJson } from '../store/json.ts';
import type { Database, HumanTaskTable } from '../store/schema.ts';
import { auditTaskChange } from './task-audit.ts';
import type { HumanTaskView } from './views.ts';
import { runMovedOnError } from './late-answers.ts';

type Trx = Transaction<Database>;

export interface ApprovalChain {
  title: string;
  steps: ApprovalStep[];
  index: number;
}

export interface ChainDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  ids: IdGenerator;
  dueMinutes: ((priority: Priority) => number | undefined) | undefined;
  view: (row: Selectable<HumanTaskTable>) => HumanTaskView;
}

interface NextApprover {
  projectId: string;
  task: HumanTaskView;
  chain: ApprovalChain;
  args: Record<string, unknown>;
  approvedBy: string;
  now: string;
}

export function chainOf(task: HumanTaskView): ApprovalChain | null {
  const chain = task.context['approval_chain'] as ApprovalChain | undefined;
  return chain && Array.isArray(chain.steps) && typeof chain.index === 'number' ? chain : null;
}

/** After a chain, the run gets the arguments as the whole chain approved them (edits at any step). */
export function withChainArgs(answer: Extract<ResumeValue, { kind: 'approval' | 'escalation' }>, task: HumanTaskView, chain: ApprovalChain | null): Extract<ResumeValue, { kind: 'approval' | 'escalation' }> {
  if (answer.kind !== 'approval' || !answer.approved || !chain || chain.index === 0 || !task.tool_call) return answer;
  return { ...answer, editedArgs: { ...task.tool_call.args, ...(answer.editedArgs ?? {}) } };
}

export async function openNextApprover(deps: ChainDeps, trx: Trx, next: NextApprover): Promise<void> {
  const { projectId, task, chain, args, approvedBy, now } = next;
  const index = chain.index + 1;
  const step = chain.steps[index];
  if (!step || !task.run_id || !task.tool_call) return;
  const id = deps.ids();
  const row = newHumanTaskRow({
    id,
    project_id: projectId,
    ticket_id: task.ticket_id,
    run_id: task.run_id,
    type: 'approval',
    status: step.assign_to || step.assign_team ? 'assigned' : 'pending',
    priority: task.priority,
    priority_rank: priorityRank(task.priority),
    title: chainStepTitle(chain.title, index, chain.steps),
    reason: task.reason,
    context: toJson({ ...task.context, approval_chain: { ...chain, index }, approved_so_far: [...approvedSoFar(task), approvedBy] }),
    tool_call: toJson({ tool: task.tool_call.tool, args }),
    assigned_to: step.assign_to ?? null,
    assigned_team: step.assign_team ?? null,
    due_at: dueAtFrom(deps.clock, deps.dueMinutes?.(task.priority)),
    created_at: now,
  });
  await trx.insertInto('human_tasks').values(row).execute();
  if ((await deps.engine.rewaitApproval(trx, task.run_id, task.id, id)) === 'stale') {
    throw await runMovedOnError(trx, task.id, task.run_id);
  }
  const created = deps.view(await lockedTask(trx, deps.db, projectId, id));
  await auditTaskChange(trx, deps.db.dialect, deps.ids, { projectId, taskId: id, actor: approvedBy, action: 'created', before: null, after: created, data: { approval_chain_step: index + 1, of: chain.steps.length, previous_task: task.id }, at: now });
  await enqueueOutbox(trx, deps.ids, deps.clock, { projectId, topic: 'task.created', dedupeKey: `task.created:${id}`, payload: { taskId: id, type: 'approval', runId: task.run_id, ticketId: task.ticket_id, title: created.title, reason: task.reason, priority: task.priority, toolCall: { tool: task.tool_call.tool, args } } });
}

async function lockedTask(trx: Trx, db: Db, projectId: string, taskId: string): Promise<Selectable<HumanTaskTable>> {
  return db.dialect.lockRow(trx.selectFrom('human_tasks').selectAll().where('project_id', '=', projectId).where('id', '=', taskId)).executeTakeFirstOrThrow();
}

function approvedSoFar(task: HumanTaskView): string[] {
  const list = task.context['approved_so_far'];
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function dueAtFrom(clock: Clock, minutes: number | undefined): string | null {
  return minutes === undefined ? null : isoAt(clock, minutes * 60_000);
}
