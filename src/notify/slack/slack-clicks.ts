// What a click on Approve / Reject does. The Slack user must be mapped to a Switchboard user, who then
// decides under their own role and approval limit; the message is replaced to show who decided. A
// refusal, or a click on a message about an older state of the task, is told to the clicker alone.
import type { Switchboard } from '../../app/switchboard.ts';
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import { isSwitchboardError } from '../../domain/errors.ts';
import type { SlackResponse } from './slack-api.ts';
import type { SlackClick } from './slack-interaction.ts';
import { slackTaskMessage } from './slack-message.ts';
import type { SlackSettings } from './slack-settings.ts';

export async function answerSlackClick(sb: Switchboard, settings: SlackSettings, click: SlackClick): Promise<SlackResponse> {
  const task = await findTask(sb, click);
  if (!task) return ephemeral('This task no longer exists in Switchboard; nothing was decided.');
  const email = mappedEmail(settings, click.userId);
  if (email === undefined) return refuseUnmapped(sb, click);
  if (!isOpenTask(task.status)) return replacement(sb, click);
  const notice = await sb.notice(click.ref.projectId, click.ref.taskId);
  if (notice.taskVersion !== click.ref.taskVersion) {
    return ephemeral(`This task changed after the message was posted (reassigned, edited or moved to the next approver), so nothing was decided. Look at it as it is now: ${notice.taskUrl}`);
  }
  return decide(sb, click, email);
}

async function decide(sb: Switchboard, click: SlackClick, email: string): Promise<SlackResponse> {
  const { projectId, taskId } = click.ref;
  try {
    await sb.decideAsReviewer({ projectId, taskId, email, approving: click.action === 'approve', reason: null, via: 'slack' });
  } catch (error) {
    if (!isSwitchboardError(error)) throw error;
    // The refusal is already in the audit log; the message stays as it is for someone who may decide.
    if (error.code === 'forbidden') return ephemeral(`You cannot ${click.action} this task: ${error.message}`);
    // Someone else was first: the message is brought up to date with their decision.
    if (error.code !== 'already_decided' && error.code !== 'task_closed') throw error;
  }
  return replacement(sb, click);
}

async function refuseUnmapped(sb: Switchboard, click: SlackClick): Promise<SlackResponse> {
  const reason = `Slack user ${click.userId} is not mapped to a Switchboard user (notifications.slack.users), so cannot decide.`;
  await sb.tasks.auditRefusal(click.ref.projectId, click.ref.taskId, `slack:${click.userId}`, reason, { via: 'slack', rule: 'unmapped_chat_user', slack_user_id: click.userId });
  return ephemeral(`Your Slack account (${click.userId}) is not linked to a Switchboard user, so your ${click.action} was not counted. Ask an admin to add your member id under notifications.slack.users.`);
}

async function replacement(sb: Switchboard, click: SlackClick): Promise<SlackResponse> {
  return { replace_original: true, ...slackTaskMessage(await sb.notice(click.ref.projectId, click.ref.taskId)) };
}

async function findTask(sb: Switchboard, click: SlackClick): Promise<HumanTaskView | null> {
  try {
    return await sb.tasks.get(click.ref.projectId, click.ref.taskId);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'task_not_found') return null;
    throw error;
  }
}

/** Own keys only: a member id such as `constructor` must not find something on the prototype. */
function mappedEmail(settings: SlackSettings, userId: string): string | undefined {
  return Object.hasOwn(settings.users, userId) ? settings.users[userId] : undefined;
}

function ephemeral(text: string): SlackResponse {
  return { response_type: 'ephemeral', replace_original: false, text };
}
