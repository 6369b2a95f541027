// What a press on Approve / Reject does. The Telegram user must be mapped to a Switchboard user, who
// then decides under their own role and approval limit; the press is answered (a toast, or an alert
// for a refusal) and, once the task is decided, the message is edited to say by whom and loses its
// buttons. A press on a message about an older state of the task decides nothing.
import type { ResolveResult } from '../../app/human-tasks.ts';
import type { ReviewerDecision } from '../../app/reviewer-decisions.ts';
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import { isSwitchboardError } from '../../domain/errors.ts';
import type { TaskNotice } from '../task-notice.ts';
import type { TelegramButton } from './telegram-callback-data.ts';
import { telegramDecidedMessage, telegramTaskMessage, telegramTime, type TelegramMessage } from './telegram-message.ts';
import { reviewerFor, type TelegramSettings } from './telegram-settings.ts';
import type { TelegramPress } from './telegram-update.ts';

export interface PressDeps {
  notice(projectId: string, taskId: string): Promise<TaskNotice>;
  decideAsReviewer(decision: ReviewerDecision): Promise<ResolveResult>;
  tasks: { auditRefusal(projectId: string, taskId: string, actor: string, reason: string, details: Record<string, unknown>): Promise<void> };
}

export interface PressOutcome {
  /** Shown to the presser alone: a toast, or an alert that must be dismissed. */
  answer: { text: string; showAlert: boolean };
  /** The message as it should read now; null leaves it as it is. */
  update: TelegramMessage | null;
}

export async function decidePress(deps: PressDeps, settings: TelegramSettings, press: TelegramPress): Promise<PressOutcome> {
  const { button } = press;
  if (!button) return toast('This button is not one of Switchboard’s; nothing was decided.');
  const notice = await noticeOrNull(deps, button);
  if (!notice) return alert('This task no longer exists in Switchboard; nothing was decided.');
  const email = reviewerFor(settings, press.userId);
  if (email === undefined) return refuseUnmapped(deps, button, press.userId);
  if (!isOpenTask(notice.task.status)) return { answer: { text: closedText(notice.task), showAlert: true }, update: telegramDecidedMessage(notice) };
  if (notice.taskVersion !== button.taskVersion) return alert('The task changed after this message was sent (reassigned, edited or passed to the next approver), so nothing was decided; open it in Switchboard.');
  if (!notice.decidable) return alert('This task is not an approval; answer it in Switchboard.');
  return decide(deps, button, email);
}

async function decide(deps: PressDeps, button: TelegramButton, email: string): Promise<PressOutcome> {
  const { projectId, taskId } = button;
  try {
    await deps.decideAsReviewer({ projectId, taskId, email, approving: button.action === 'approve', reason: null, via: 'telegram' });
  } catch (error) {
    return refusal(deps, button, error);
  }
  const notice = await deps.notice(projectId, taskId);
  return { answer: { text: button.action === 'approve' ? 'Approved.' : 'Rejected.', showAlert: false }, update: currentMessage(notice) };
}

async function refusal(deps: PressDeps, button: TelegramButton, error: unknown): Promise<PressOutcome> {
  if (!isSwitchboardError(error)) throw error;
  switch (error.code) {
    case 'already_decided':
    case 'task_closed': {
      // Someone else was first: the message is brought up to date with their decision.
      const notice = await deps.notice(button.projectId, button.taskId);
      return { answer: { text: closedText(notice.task), showAlert: true }, update: currentMessage(notice) };
    }
    case 'forbidden':
      // Already in the audit log; the buttons stay for someone who may decide.
      return alert(`You cannot ${button.action} this task: ${error.message}`);
    case 'not_awaiting_approval':
    case 'conflict':
      return alert(`${error.message} Nothing was decided.`);
    default:
      throw error;
  }
}

async function refuseUnmapped(deps: PressDeps, button: TelegramButton, userId: string): Promise<PressOutcome> {
  const reason = `Telegram user ${userId} is not mapped to a Switchboard user (notifications.telegram.users), so cannot decide.`;
  await deps.tasks.auditRefusal(button.projectId, button.taskId, `telegram:${userId}`, reason, { via: 'telegram', rule: 'unmapped_chat_user', telegram_user_id: userId });
  return alert(`Your Telegram account (user id ${userId}) is not linked to a Switchboard user, so nothing was decided. Ask an admin to add your user id under notifications.telegram.users.`);
}

/** Open (the next approver of a chain may press) or closed (who decided, no buttons). */
function currentMessage(notice: TaskNotice): TelegramMessage {
  return isOpenTask(notice.task.status) ? telegramTaskMessage(notice) : telegramDecidedMessage(notice);
}

function closedText(task: HumanTaskView): string {
  if (task.decision === null) return `This task is ${task.status}; nothing more can be done with it.`;
  const when = task.resolved_at ? ` at ${telegramTime(task.resolved_at)}` : '';
  return `This task was already decided by ${task.responded_by ?? 'someone'}: ${task.decision}${when}.`;
}

async function noticeOrNull(deps: PressDeps, button: TelegramButton): Promise<TaskNotice | null> {
  try {
    return await deps.notice(button.projectId, button.taskId);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'task_not_found') return null;
    throw error;
  }
}

function toast(text: string): PressOutcome {
  return { answer: { text, showAlert: false }, update: null };
}

function alert(text: string): PressOutcome {
  return { answer: { text, showAlert: true }, update: null };
}
