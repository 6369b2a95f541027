// A task notice as a Telegram message in HTML parse mode: what is asked and why, the ticket, the
// proposed call, the key variables, the conversation and when it was asked; while the approval is
// open, an inline keyboard with Approve / Reject. Every interpolated value is escaped, since
// customers write part of it, and the text stays within Telegram's 4,096 characters.
import type { HumanTaskView } from '../../app/views.ts';
import { isOpenTask } from '../../domain/human-task.ts';
import type { TaskNotice } from '../task-notice.ts';
import { encodeCallbackData, type TelegramAction } from './telegram-callback-data.ts';

export interface InlineKeyboardButton {
  text: string;
  callback_data: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

/** The fields sendMessage and editMessageText share. Without reply_markup, an edit removes the keyboard. */
export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: InlineKeyboardMarkup;
}

/** Telegram's limit on a message's text, counted after the HTML is parsed. */
export const maxMessageChars = 4096;

// Shares of the 4,096 characters for the fixed parts; the conversation gets what is left, newest first.
const room = { title: 200, header: 128, decision: 300, reason: 800, ticket: 200, proposal: 600, variables: 8, variableName: 40, variableValue: 120 } as const;

const buttonLabels: Record<TelegramAction, string> = { approve: '✅ Approve', reject: '❌ Reject' };

export function telegramTaskMessage(notice: TaskNotice): TelegramMessage {
  const text = messageText(notice);
  return notice.decidable ? { text, parse_mode: 'HTML', reply_markup: keyboard(notice) } : { text, parse_mode: 'HTML' };
}

/** After a decision: the same text saying who decided and when, with no buttons left to press. */
export function telegramDecidedMessage(notice: TaskNotice): TelegramMessage {
  return { text: messageText(notice), parse_mode: 'HTML' };
}

function keyboard(notice: TaskNotice): InlineKeyboardMarkup {
  const button = (action: TelegramAction): InlineKeyboardButton => ({
    text: buttonLabels[action],
    callback_data: encodeCallbackData({ action, projectId: notice.projectId, taskId: notice.task.id, taskVersion: notice.taskVersion }),
  });
  return { inline_keyboard: [[button('approve'), button('reject')]] };
}

function messageText(notice: TaskNotice): string {
  const fixed = [headerPart(notice), decisionPart(notice.task), escapeHtml(clip(notice.task.reason, room.reason)), ticketPart(notice), proposalPart(notice.task), variablesPart(notice)];
  const footer = footerPart(notice);
  const used = visibleLength(joinParts([...fixed, footer]));
  return joinParts([...fixed, conversationPart(notice, maxMessageChars - used - 2), footer]);
}

function headerPart(notice: TaskNotice): string {
  return `<b>${escapeHtml(clip(notice.task.title, room.title))}</b>\n<i>${escapeHtml(clip(`${notice.botName} · ${notice.projectName}`, room.header))}</i>`;
}

function decisionPart(task: HumanTaskView): string {
  const outcome = task.decision ?? (isOpenTask(task.status) ? null : task.status);
  if (outcome === null) return '';
  const who = task.responded_by ? ` by ${task.responded_by}` : '';
  const when = task.resolved_at ? ` at ${telegramTime(task.resolved_at)}` : '';
  return `${outcomeMark(outcome)} <b>${escapeHtml(clip(`${capitalise(outcome)}${who}${when}`, room.decision))}</b>`;
}

function ticketPart(notice: TaskNotice): string {
  if (!notice.ticket) return '';
  return `<b>Ticket</b> ${escapeHtml(clip(`${notice.ticket.number} · ${notice.ticket.subject}`, room.ticket))}`;
}

function proposalPart(task: HumanTaskView): string {
  if (!task.tool_call) return '';
  return `<b>Proposed action</b>\n<code>${escapeHtml(clip(`${task.tool_call.tool} ${JSON.stringify(task.tool_call.args)}`, room.proposal))}</code>`;
}

function variablesPart(notice: TaskNotice): string {
  const lines = notice.variables.slice(0, room.variables).map((v) => `${escapeHtml(clip(v.name, room.variableName))}: <code>${escapeHtml(clip(v.value, room.variableValue))}</code>`);
  return lines.length === 0 ? '' : ['<b>Key variables</b>', ...lines].join('\n');
}

/** As many of the newest messages as fit in `room` characters, oldest first. */
function conversationPart(notice: TaskNotice, room: number): string {
  const heading = '<b>Conversation</b>';
  let used = visibleLength(heading);
  const kept: string[] = [];
  for (const message of [...notice.summary].reverse()) {
    const line = `<i>${escapeHtml(message.role)}</i>: ${escapeHtml(message.text)}`;
    if (used + 1 + visibleLength(line) > room) break;
    used += 1 + visibleLength(line);
    kept.unshift(line);
  }
  return kept.length === 0 ? '' : [heading, ...kept].join('\n');
}

function footerPart(notice: TaskNotice): string {
  return `Asked at ${telegramTime(notice.task.created_at)}\nOpen in Switchboard: ${escapeHtml(notice.taskUrl)}`;
}

function joinParts(parts: string[]): string {
  return parts.filter((part) => part !== '').join('\n\n');
}

/** What a reader sees: tags gone, each entity one character (Telegram counts the parsed text). */
function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '&').length;
}

/** `2026-01-01 12:00 UTC`: the chat shows the same time to every reader. */
export function telegramTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The three characters Telegram's HTML parse mode reads as markup, shown as themselves. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function outcomeMark(outcome: string): string {
  return outcome === 'approved' ? '✅' : outcome === 'rejected' ? '❌' : '⏹';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
