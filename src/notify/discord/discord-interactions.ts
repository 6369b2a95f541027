// Answers an interaction whose signature has been verified: PING with PONG, and a press on Approve or
// Reject with the decision taken as the Switchboard user the presser is mapped to, after which the
// message shows who decided and loses its buttons. Anything refused gets a reply only the presser
// sees; a presser nobody mapped is refused and the attempt audited.
import { z } from 'zod';
import type { ReviewerDecision } from '../../app/reviewer-decisions.ts';
import type { ResolveResult } from '../../app/human-tasks.ts';
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import { isSwitchboardError, SwitchboardError } from '../../domain/errors.ts';
import type { TaskNotice } from '../task-notice.ts';
import { decodeDecisionButton, type DecisionButton } from './decision-button.ts';
import { discordDecidedMessage, discordTime, escapeMarkdown, type DiscordMessage } from './discord-message.ts';
import { reviewerFor, type DiscordSettings } from './discord-settings.ts';

export const interactionTypes = { ping: 1, messageComponent: 3 } as const;
export const responseTypes = { pong: 1, channelMessage: 4, updateMessage: 7 } as const;
/** A reply only the person who pressed the button sees. */
export const ephemeralFlag = 64;

export type InteractionResponse =
  | { type: typeof responseTypes.pong }
  | { type: typeof responseTypes.channelMessage; data: { content: string; flags: typeof ephemeralFlag; allowed_mentions: { parse: [] } } }
  | { type: typeof responseTypes.updateMessage; data: DiscordMessage };

const discordUser = z.object({ id: z.string().min(1) });
const interactionSchema = z.object({
  type: z.number().int(),
  data: z.object({ custom_id: z.string().optional() }).optional(),
  /** Who pressed, in a server channel. */
  member: z.object({ user: discordUser }).optional(),
  /** Who pressed, in a direct message. */
  user: discordUser.optional(),
});

export interface InteractionDeps {
  notice(projectId: string, taskId: string): Promise<TaskNotice>;
  decideAsReviewer(decision: ReviewerDecision): Promise<ResolveResult>;
  tasks: { auditRefusal(projectId: string, taskId: string, actor: string, reason: string, details: Record<string, unknown>): Promise<void> };
}

export async function answerInteraction(deps: InteractionDeps, settings: DiscordSettings, body: unknown): Promise<InteractionResponse> {
  const parsed = interactionSchema.safeParse(body);
  if (!parsed.success) throw new SwitchboardError('invalid_request', 'The body is not a Discord interaction.');
  const interaction = parsed.data;
  if (interaction.type === interactionTypes.ping) return { type: responseTypes.pong };
  if (interaction.type !== interactionTypes.messageComponent) return ephemeral('Switchboard only answers its own Approve and Reject buttons.');
  const button = decodeDecisionButton(interaction.data?.custom_id ?? '');
  if (!button) return ephemeral('This button is not one of Switchboard’s.');
  return answerPress(deps, settings, button, interaction.member?.user.id ?? interaction.user?.id ?? null);
}

async function answerPress(deps: InteractionDeps, settings: DiscordSettings, button: DecisionButton, presser: string | null): Promise<InteractionResponse> {
  const notice = await noticeOrNull(deps, button);
  if (!notice) return ephemeral('This task no longer exists in Switchboard.');
  const email = presser === null ? undefined : reviewerFor(settings, presser);
  if (!email) return refuseUnmapped(deps, button, presser);
  const refusal = whyNotDecidable(notice, button);
  if (refusal) return ephemeral(refusal);
  try {
    await deps.decideAsReviewer({ projectId: button.projectId, taskId: button.taskId, email, approving: button.action === 'approve', reason: null, via: 'discord' });
  } catch (error) {
    return ephemeral(await refusalText(deps, button, error));
  }
  return { type: responseTypes.updateMessage, data: discordDecidedMessage(await deps.notice(button.projectId, button.taskId)) };
}

async function refuseUnmapped(deps: InteractionDeps, button: DecisionButton, presser: string | null): Promise<InteractionResponse> {
  const reason = 'Your Discord account is not linked to a Switchboard user (notifications.discord.users), so you cannot decide here.';
  await deps.tasks.auditRefusal(button.projectId, button.taskId, `discord:${presser ?? 'unknown'}`, reason, { via: 'discord', rule: 'unmapped_chat_user', discord_user_id: presser });
  return ephemeral(reason);
}

/** A closed task says how it ended; an open one that changed since the message was sent is stale. */
function whyNotDecidable(notice: TaskNotice, button: DecisionButton): string | null {
  if (!isOpenTask(notice.task.status)) return closedText(notice.task);
  if (notice.taskVersion !== button.taskVersion) return `This task changed after the message was sent; decide it in Switchboard: ${notice.taskUrl}`;
  if (!notice.decidable) return 'This task is not an approval; answer it in Switchboard.';
  return null;
}

async function refusalText(deps: InteractionDeps, button: DecisionButton, error: unknown): Promise<string> {
  if (!isSwitchboardError(error)) throw error;
  switch (error.code) {
    case 'already_decided':
    case 'task_closed':
      return closedText((await deps.notice(button.projectId, button.taskId)).task);
    case 'forbidden':
      return `You cannot decide this: ${error.message}`;
    case 'not_awaiting_approval':
    case 'conflict':
      return `${error.message} Nothing was decided.`;
    default:
      throw error;
  }
}

function closedText(task: HumanTaskView): string {
  if (task.decision === null) return `This task is ${task.status}; nothing more can be done with it.`;
  const when = task.resolved_at ? ` at ${discordTime(task.resolved_at)}` : '';
  return `This task was already decided by ${escapeMarkdown(task.responded_by ?? 'someone')}: ${task.decision}${when}.`;
}

async function noticeOrNull(deps: InteractionDeps, button: DecisionButton): Promise<TaskNotice | null> {
  try {
    return await deps.notice(button.projectId, button.taskId);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'task_not_found') return null;
    throw error;
  }
}

function ephemeral(content: string): InteractionResponse {
  return { type: responseTypes.channelMessage, data: { content, flags: ephemeralFlag, allowed_mentions: { parse: [] } } };
}
