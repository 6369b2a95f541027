// A reviewer notification as a Discord message: one embed (the task, its reason, the proposed tool
// call, the key variables and the conversation) and, while the approval is open, Approve / Reject
// buttons. Customer text is escaped and allowed_mentions is empty, so nothing a customer writes can
// ping anyone or pass itself off as a link.
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import type { TaskNotice } from '../task-notice.ts';
import { encodeDecisionButton, type ButtonAction } from './decision-button.ts';

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title: string;
  description: string;
  url: string;
  color: number;
  /** ISO 8601; Discord shows it in each reader's own time zone. */
  timestamp: string;
  footer: { text: string };
  fields: DiscordEmbedField[];
}

export interface DiscordButton {
  type: 2;
  /** 3: success (green), 4: danger (red). */
  style: 3 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordMessage {
  embeds: DiscordEmbed[];
  /** Empty when nothing is left to decide; in an update, that removes the buttons. */
  components: DiscordActionRow[];
  allowed_mentions: { parse: ('users' | 'roles' | 'everyone')[] };
}

/** Discord's limits on one embed; a message over any of them is refused with a 400. */
export const embedLimits = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, footer: 2048, total: 6000 } as const;

// Shares of the 6,000 characters, so that the conversation always has room left for its newest lines.
const room = { description: 1024, footer: 128, decision: 300, notes: 200, proposal: 1024, ticket: 300, variables: 10, variableName: 64, variableValue: 200 } as const;

const colors = { open: 0xf0b232, approved: 0x23a55a, rejected: 0xda373c, closed: 0x80848e } as const;

const buttons: Record<ButtonAction, { label: string; style: 3 | 4 }> = {
  approve: { label: 'Approve', style: 3 },
  reject: { label: 'Reject', style: 4 },
};

export function discordTaskMessage(notice: TaskNotice): DiscordMessage {
  return { embeds: [taskEmbed(notice)], components: notice.decidable ? [decisionRow(notice)] : [], allowed_mentions: { parse: [] } };
}

/** After a decision: the same embed saying who decided and when, with no buttons left to press. */
export function discordDecidedMessage(notice: TaskNotice): DiscordMessage {
  return { ...discordTaskMessage(notice), components: [] };
}

function taskEmbed(notice: TaskNotice): DiscordEmbed {
  const { task } = notice;
  const title = clip(escapeMarkdown(task.title), embedLimits.title);
  const description = clip(escapeMarkdown(task.reason), room.description);
  const footer = { text: clip(`${notice.botName} · ${notice.projectName}`, room.footer) };
  const fixed = [...decisionField(task), ...proposalField(task), ...ticketField(notice), ...variableFields(notice)];
  const left = embedLimits.total - title.length - description.length - footer.text.length;
  return { title, description, url: notice.taskUrl, color: colorOf(task), timestamp: task.created_at, footer, fields: withConversation(fixed, conversationFields(notice), left) };
}

function decisionRow(notice: TaskNotice): DiscordActionRow {
  const button = (action: ButtonAction): DiscordButton => ({
    type: 2,
    ...buttons[action],
    custom_id: encodeDecisionButton({ action, projectId: notice.projectId, taskId: notice.task.id, taskVersion: notice.taskVersion }),
  });
  return { type: 1, components: [button('approve'), button('reject')] };
}

/** "approved", "rejected", or how else a closed task ended; null while it is open. */
function outcomeOf(task: HumanTaskView): string | null {
  return task.decision ?? (isOpenTask(task.status) ? null : task.status);
}

function decisionField(task: HumanTaskView): DiscordEmbedField[] {
  const outcome = outcomeOf(task);
  if (outcome === null) return [];
  const who = task.responded_by ? ` by ${escapeMarkdown(task.responded_by)}` : '';
  const when = task.resolved_at ? ` at ${discordTime(task.resolved_at)}` : '';
  const notes = task.notes ? `\n${clip(escapeMarkdown(task.notes), room.notes)}` : '';
  return [{ name: 'Decision', value: clip(`${capitalise(outcome)}${who}${when}`, room.decision) + notes }];
}

function proposalField(task: HumanTaskView): DiscordEmbedField[] {
  if (!task.tool_call) return [];
  return [{ name: 'Proposed action', value: clip(escapeMarkdown(`${task.tool_call.tool} ${JSON.stringify(task.tool_call.args)}`), room.proposal) }];
}

function ticketField(notice: TaskNotice): DiscordEmbedField[] {
  if (!notice.ticket) return [];
  return [{ name: 'Ticket', value: clip(escapeMarkdown(`${notice.ticket.number}: ${notice.ticket.subject}`), room.ticket) }];
}

function variableFields(notice: TaskNotice): DiscordEmbedField[] {
  return notice.variables.slice(0, room.variables).map((variable) => ({
    name: clip(escapeMarkdown(variable.name), room.variableName),
    value: orDash(clip(escapeMarkdown(variable.value), room.variableValue)),
    inline: true,
  }));
}

function conversationFields(notice: TaskNotice): DiscordEmbedField[] {
  return notice.summary.map((message) => ({ name: capitalise(message.role), value: orDash(clip(escapeMarkdown(message.text), embedLimits.fieldValue)) }));
}

/** The fixed fields, then as many of the newest conversation lines as fit, still oldest first. */
function withConversation(fixed: DiscordEmbedField[], conversation: DiscordEmbedField[], left: number): DiscordEmbedField[] {
  let used = fixed.reduce((sum, field) => sum + fieldSize(field), 0);
  const kept: DiscordEmbedField[] = [];
  for (const field of [...conversation].reverse()) {
    if (used + fieldSize(field) > left || fixed.length + kept.length >= embedLimits.fields) break;
    used += fieldSize(field);
    kept.unshift(field);
  }
  return [...fixed, ...kept];
}

function fieldSize(field: DiscordEmbedField): number {
  return field.name.length + field.value.length;
}

function colorOf(task: HumanTaskView): number {
  const outcome = outcomeOf(task);
  if (outcome === null) return colors.open;
  return outcome === 'approved' ? colors.approved : outcome === 'rejected' ? colors.rejected : colors.closed;
}

/** Discord's timestamp markup: each reader sees the time in their own zone. */
export function discordTime(iso: string): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:f>`;
}

/** Markdown, mention and quote characters shown as themselves. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|<>[\]#]/g, '\\$&');
}

/** At most `max` characters, never ending in half an escape. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const trailingBackslashes = /\\*$/.exec(cut)?.[0].length ?? 0;
  return `${trailingBackslashes % 2 === 1 ? cut.slice(0, -1) : cut}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Discord refuses an empty field value. */
function orDash(text: string): string {
  return text === '' ? '—' : text;
}
