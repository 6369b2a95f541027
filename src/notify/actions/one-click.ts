// What a one-click link leads to. Looking (GET) never changes anything, since mail scanners and chat
// previews fetch links; acting (POST from the confirmation page) uses the token once and decides
// under the reviewer's own role and approval limit.
import type { Switchboard } from '../../app/switchboard.ts';
import type { HumanTaskView } from '../../app/views.ts';
import { getUser } from '../../auth/users.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import { isSwitchboardError } from '../../domain/errors.ts';
import { consumeActionToken, findActionToken, isExpired, type ActionToken } from './action-tokens.ts';

export type LinkState =
  /** Never issued, or altered on the way. */
  | { kind: 'invalid' }
  | { kind: 'expired'; token: ActionToken; task: HumanTaskView }
  /** The task is no longer open: decided (by this link or otherwise), cancelled or expired. */
  | { kind: 'closed'; token: ActionToken; task: HumanTaskView }
  /** Used already, while the task is still open (a later step of a chain, say). */
  | { kind: 'used'; token: ActionToken; task: HumanTaskView }
  /** The task changed after the link was sent (edited, reassigned, moved to the next approver). */
  | { kind: 'stale'; token: ActionToken; task: HumanTaskView }
  | { kind: 'ready'; token: ActionToken; task: HumanTaskView; reviewer: string };

export type ActionOutcome = LinkState | { kind: 'decided'; token: ActionToken; task: HumanTaskView } | { kind: 'refused'; token: ActionToken; task: HumanTaskView; reason: string };

export async function inspectLink(sb: Switchboard, secret: string): Promise<LinkState> {
  const token = await findActionToken(sb.db, secret);
  if (!token) return { kind: 'invalid' };
  const task = await sb.tasks.get(token.projectId, token.taskId);
  if (!isOpenTask(task.status)) return { kind: 'closed', token, task };
  if (token.usedAt !== null) return { kind: 'used', token, task };
  if (isExpired(token, sb.clock)) return { kind: 'expired', token, task };
  const version = await sb.db.kysely.selectFrom('human_tasks').select('version').where('id', '=', task.id).executeTakeFirstOrThrow();
  if (version.version !== token.taskVersion) return { kind: 'stale', token, task };
  const reviewer = await getUser(sb.identity, token.userId);
  return { kind: 'ready', token, task, reviewer: reviewer.email };
}

export async function actOnLink(sb: Switchboard, secret: string, reason: string | null): Promise<ActionOutcome> {
  const state = await inspectLink(sb, secret);
  if (state.kind !== 'ready') return state;
  const { token, reviewer } = state;
  if (!(await consumeActionToken(sb, token.id))) return inspectLink(sb, secret);
  try {
    const { task } = await sb.decideAsReviewer({ projectId: token.projectId, taskId: token.taskId, email: reviewer, approving: token.action === 'approve', reason, via: 'email-link' });
    return { kind: 'decided', token, task };
  } catch (error) {
    if (!isSwitchboardError(error)) throw error;
    const task = await sb.tasks.get(token.projectId, token.taskId);
    if (error.code === 'already_decided' || error.code === 'task_closed') return { kind: 'closed', token, task };
    if (error.code === 'forbidden') return { kind: 'refused', token, task, reason: error.message };
    throw error;
  }
}
