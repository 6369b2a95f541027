// A task notice laid out in Block Kit: who asks, what and why, the conversation, the key variables,
// the proposed call and when it was asked; then Approve / Reject while the approval is open, or who
// decided once it is closed (the same message, replaced after a click).
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import type { TaskNotice } from '../task-notice.ts';
import { slackTaskRef } from './slack-task-ref.ts';

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export interface SlackButton {
  type: 'button';
  action_id: SlackAction;
  text: SlackText;
  style: 'primary' | 'danger';
  value: string;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; block_id: string; elements: SlackButton[] };

/** `text` is what notifications and clients without blocks show. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const slackActions = ['approve', 'reject'] as const;
export type SlackAction = (typeof slackActions)[number];

export const taskActionsBlockId = 'switchboard_task_decision';

// Block Kit's limits: a header's text, a section's text, a field, fields per section.
const headerChars = 150;
const sectionChars = 3000;
const fieldChars = 2000;
const fieldsPerSection = 10;

export function slackTaskMessage(notice: TaskNotice): SlackMessage {
  return {
    text: fallbackText(notice),
    blocks: [
      { type: 'header', text: plain(`${notice.botName} · ${notice.projectName}`, headerChars) },
      section(taskLines(notice).join('\n')),
      ...summaryBlocks(notice),
      ...variableBlocks(notice),
      ...toolCallBlocks(notice.task),
      { type: 'context', elements: [mrkdwn(askedLine(notice))] },
      ...decisionBlocks(notice),
    ],
  };
}

/** Text Slack shows as-is: `&`, `<` and `>` would otherwise start entities, links and mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A time every reader sees in their own time zone, with the ISO text where dates cannot be shown. */
export function slackDate(iso: string): string {
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} at {time}|${iso}>`;
}

function fallbackText(notice: TaskNotice): string {
  return escapeMrkdwn(`${notice.botName}: ${notice.task.title} — ${notice.task.reason}`);
}

function taskLines(notice: TaskNotice): string[] {
  const ticket = notice.ticket ? [`Ticket ${escapeMrkdwn(notice.ticket.number)}: ${escapeMrkdwn(notice.ticket.subject)}`] : [];
  return [`*${escapeMrkdwn(notice.task.title)}*`, escapeMrkdwn(notice.task.reason), ...ticket];
}

function summaryBlocks(notice: TaskNotice): SlackBlock[] {
  if (notice.summary.length === 0) return [];
  const lines = notice.summary.map((message) => `> *${escapeMrkdwn(message.role)}:* ${escapeMrkdwn(message.text)}`);
  return [section(['*Conversation*', ...lines].join('\n'))];
}

function variableBlocks(notice: TaskNotice): SlackBlock[] {
  const fields = notice.variables.map((variable) => mrkdwn(`*${escapeMrkdwn(variable.name)}*\n${escapeMrkdwn(variable.value)}`, fieldChars));
  const blocks: SlackBlock[] = [];
  for (let start = 0; start < fields.length; start += fieldsPerSection) blocks.push({ type: 'section', fields: fields.slice(start, start + fieldsPerSection) });
  return blocks;
}

function toolCallBlocks(task: HumanTaskView): SlackBlock[] {
  if (!task.tool_call) return [];
  // Cut before fencing, so a long call still closes its code block.
  const args = cut(escapeMrkdwn(JSON.stringify(task.tool_call.args, null, 2)), sectionChars - 300);
  return [section(`*Proposed call:* \`${escapeMrkdwn(task.tool_call.tool)}\`\n\`\`\`${args}\`\`\``)];
}

function askedLine(notice: TaskNotice): string {
  return `Asked ${slackDate(notice.task.created_at)} · priority ${notice.task.priority} · <${notice.taskUrl}|Open in Switchboard>`;
}

function decisionBlocks(notice: TaskNotice): SlackBlock[] {
  if (notice.decidable) return [{ type: 'actions', block_id: taskActionsBlockId, elements: buttons(notice) }];
  if (isOpenTask(notice.task.status)) return [];
  return [section(outcomeLine(notice.task))];
}

function buttons(notice: TaskNotice): SlackButton[] {
  const value = slackTaskRef.encode({ projectId: notice.projectId, taskId: notice.task.id, taskVersion: notice.taskVersion });
  return [
    { type: 'button', action_id: 'approve', text: plain('Approve'), style: 'primary', value },
    { type: 'button', action_id: 'reject', text: plain('Reject'), style: 'danger', value },
  ];
}

function outcomeLine(task: HumanTaskView): string {
  if (task.decision === null) return `This task is no longer open: it was ${task.status}.`;
  const who = `by ${escapeMrkdwn(task.responded_by ?? 'someone')}${task.resolved_at ? ` at ${slackDate(task.resolved_at)}` : ''}`;
  const notes = task.notes ? `\nReason: ${escapeMrkdwn(task.notes)}` : '';
  return `${decisionMark(task.decision)} *${escapeMrkdwn(decisionWord(task.decision))}* ${who}${notes}`;
}

function decisionWord(decision: string): string {
  return decision.charAt(0).toUpperCase() + decision.slice(1);
}

function decisionMark(decision: string): string {
  if (decision === 'approved') return ':white_check_mark:';
  if (decision === 'rejected') return ':x:';
  return ':ballot_box_with_check:';
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function mrkdwn(text: string, max = sectionChars): SlackText {
  return { type: 'mrkdwn', text: cut(text, max) };
}

function plain(text: string, max = headerChars): SlackText {
  return { type: 'plain_text', text: cut(text, max) };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
