// The reviewer's mail about a new task: subject with the bot's name and the task, then the reason,
// the conversation so far, the key variables, the proposed action and when it was asked, with
// Approve / Reject links when this reviewer may decide. Text and HTML say the same.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ActionLinks } from '../actions/action-tokens.ts';
import type { TaskNotice } from '../task-notice.ts';
import type { OutgoingMail } from './mailer.ts';

export function taskMail(notice: TaskNotice, to: string, links: ActionLinks | null): Omit<OutgoingMail, 'messageId'> {
  // Nothing in the template is asynchronous, so the html helper hands back the finished string.
  const body = htmlOf(notice, links) as HtmlEscapedString;
  return { to, subject: `[${notice.botName}] ${notice.task.title}`, text: textOf(notice, links), html: body.toString() };
}

function textOf(notice: TaskNotice, links: ActionLinks | null): string {
  const { task } = notice;
  return [
    `${notice.botName} · ${notice.projectName}`,
    '',
    task.title,
    task.reason,
    '',
    ...(notice.ticket ? [`Ticket ${notice.ticket.number}: ${notice.ticket.subject}`] : []),
    ...(notice.summary.length > 0 ? ['Conversation:', ...notice.summary.map((m) => `  ${m.role}: ${m.text}`), ''] : []),
    ...(notice.variables.length > 0 ? ['Details:', ...notice.variables.map((v) => `  ${v.name}: ${v.value}`), ''] : []),
    ...(task.tool_call ? [`Proposed action: ${task.tool_call.tool} ${JSON.stringify(task.tool_call.args)}`, ''] : []),
    `Asked at ${task.created_at}${task.due_at ? `, due by ${task.due_at}` : ''} (priority ${task.priority}).`,
    '',
    ...(links ? [`Approve: ${links.approve}`, `Reject:  ${links.reject}`, '', 'Each link opens a confirmation page; it works once.'] : [`Open the task: ${notice.taskUrl}`]),
  ].join('\n');
}

function htmlOf(notice: TaskNotice, links: ActionLinks | null) {
  const { task } = notice;
  const button = (href: string, label: string, colour: string) =>
    html`<a href="${href}" style="display:inline-block;padding:10px 22px;margin-right:10px;border-radius:6px;background:${colour};color:#ffffff;text-decoration:none;font-weight:600">${label}</a>`;
  return html`<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1d2330;max-width:40rem">
<p style="color:#57606a">${notice.botName} · ${notice.projectName}</p>
<h2>${task.title}</h2>
<p>${task.reason}</p>
${notice.ticket ? html`<p>Ticket <strong>${notice.ticket.number}</strong>: ${notice.ticket.subject}</p>` : ''}
${notice.summary.length > 0 ? html`<h3>Conversation</h3>${notice.summary.map((m) => html`<p style="border-left:3px solid #d8dce5;padding-left:8px"><strong>${m.role}</strong>: ${m.text}</p>`)}` : ''}
${notice.variables.length > 0 ? html`<h3>Details</h3><table>${notice.variables.map((v) => html`<tr><td style="padding-right:12px"><strong>${v.name}</strong></td><td>${v.value}</td></tr>`)}</table>` : ''}
${task.tool_call ? html`<p>Proposed action: <code>${task.tool_call.tool}</code> <code>${JSON.stringify(task.tool_call.args)}</code></p>` : ''}
<p style="color:#57606a">Asked at ${task.created_at}${task.due_at ? `, due by ${task.due_at}` : ''} (priority ${task.priority}).</p>
${links ? html`<p>${button(links.approve, 'Approve', '#1a7f37')}${button(links.reject, 'Reject', '#cf222e')}</p><p style="color:#57606a">Each button opens a confirmation page; a link works once.</p>` : html`<p><a href="${notice.taskUrl}">Open the task</a></p>`}
</body></html>`;
}
