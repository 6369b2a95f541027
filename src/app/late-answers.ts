// Answers that come too late are refused, never half-applied: after the task expired or was
// cancelled, after another reviewer decided, or after the run stopped waiting. Each refusal is a 409
// with a stable code whose message says what happened and when, and that the answer was not applied.
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { RunWait } from '../domain/run.ts';
import { fromJson } from '../store/json.ts';
import type { Database } from '../store/schema.ts';
import { slaActor } from './task-sla.ts';
import { humanTaskViewAt, type HumanTaskView } from './views.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** What was refused: an answer (a decision), or another change to the task (claim, assign, cancel). */
export type Attempt = 'answer' | 'change';

/** A task that is closed: `already_decided` names the decision that counted, `task_closed` how it closed. */
export function closedTaskError(task: HumanTaskView, attempt: Attempt): SwitchboardError {
  const code = task.status === 'completed' ? 'already_decided' : 'task_closed';
  return new SwitchboardError(code, `${whatHappened(task)}; ${consequence(attempt)}.`, { status: task.status, decision: task.decision, respondedBy: task.responded_by, resolvedAt: task.resolved_at });
}

/** The task was open, but its run no longer waits for it (resumed by another answer, failed, or ended). */
export async function runMovedOnError(trx: Executor, taskId: string, runId: string): Promise<SwitchboardError> {
  const run = await trx.selectFrom('runs').select(['status', 'wait', 'updated_at', 'finished_at']).where('id', '=', runId).executeTakeFirst();
  const status = run?.status ?? 'gone';
  const at = run?.finished_at ?? run?.updated_at ?? null;
  return new SwitchboardError('not_awaiting_approval', `The run behind task ${taskId} is no longer waiting for this decision: it ${runState(status, fromJson<RunWait | null>(run?.wait ?? null, null), at)}; your answer was not applied.`, { taskId, runId, runStatus: status, at });
}

/** `respond` on a thread whose run does not wait for an approval: what became of the last one, if any. */
export async function notAwaitingApprovalError(db: Executor, clock: Clock, ticketId: string, threadId: string): Promise<SwitchboardError> {
  const row = await db.selectFrom('human_tasks').selectAll().where('ticket_id', '=', ticketId).where('type', '=', 'approval').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const last = row ? humanTaskViewAt(clock)(row) : null;
  if (!last || last.status === 'pending' || last.status === 'assigned' || last.status === 'in_progress') return new SwitchboardError('not_awaiting_approval', `Thread ${threadId} is not waiting for an approval.`);
  return new SwitchboardError('not_awaiting_approval', `Thread ${threadId} is not waiting for an approval. ${whatHappened(last)}; ${consequence('answer')}.`, { taskId: last.id, status: last.status, decision: last.decision, respondedBy: last.responded_by, resolvedAt: last.resolved_at });
}

function whatHappened(task: HumanTaskView): string {
  const subject = task.type === 'approval' ? `The approval ${task.id}` : `Task ${task.id}`;
  const at = task.resolved_at ? ` at ${task.resolved_at}` : '';
  switch (task.status) {
    case 'expired':
      return `${subject} expired${at}${task.decision === 'rejected' ? ' and was auto-denied' : ''}`;
    case 'cancelled':
      return `${subject} was cancelled${at} by ${task.responded_by ?? 'someone'}${task.notes ? ` (${task.notes})` : ''}`;
    case 'completed':
      if (task.responded_by === slaActor) return `${subject} was ${task.decision ?? 'decided'} automatically by the expiry rule${at}`;
      return `${subject} was already ${task.decision ?? 'decided'} by ${task.responded_by ?? 'someone'}${at}`;
    case 'pending':
    case 'assigned':
    case 'in_progress':
      return `${subject} is ${task.status}`;
  }
}

function consequence(attempt: Attempt): string {
  return attempt === 'answer' ? 'your answer was not applied' : 'nothing more can be done with it';
}

function runState(status: string, wait: RunWait | null, at: string | null): string {
  const when = at ? ` at ${at}` : '';
  switch (status) {
    case 'failed':
      return `failed${when}`;
    case 'cancelled':
      return `was cancelled${when}`;
    case 'completed':
      return `finished${when}`;
    case 'waiting':
      return `now waits for ${wait && 'taskId' in wait ? `task ${wait.taskId}` : (wait?.kind ?? 'something else')}${at ? `, since ${at}` : ''}`;
    case 'gone':
      return 'no longer exists';
    default:
      return `was resumed by another answer${when}`;
  }
}
