// The pages behind a one-click link: a confirmation page whose button acts, and the page after.
// Every value is escaped by the html template; the page loads nothing and runs no script.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { HumanTaskView } from '../../app/views.ts';
import type { ActionOutcome } from '../../notify/actions/one-click.ts';
import { pageStyle } from './page-style.ts';

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface RenderedPage {
  status: 200 | 403 | 404 | 409 | 410;
  body: Page;
}

export function actionPage(outcome: ActionOutcome, postUrl: string): RenderedPage {
  switch (outcome.kind) {
    case 'invalid':
      return { status: 404, body: layout('Link not valid', html`<p class="note">This link is not valid: it was never issued or it was changed on the way. Open the task in Switchboard instead.</p>`) };
    case 'expired':
      return { status: 410, body: layout('Link expired', html`${taskSummary(outcome.task)}<p class="note">This link expired at ${outcome.token.expiresAt}. Open the task in Switchboard to decide it.</p>`) };
    case 'closed':
      return { status: 200, body: layout('Already decided', html`${taskSummary(outcome.task)}<p class="note">${closedLine(outcome.task)}</p>`) };
    case 'used':
      return { status: 409, body: layout('Link already used', html`${taskSummary(outcome.task)}<p class="note">This link was used already; the task is ${outcome.task.status}. Open it in Switchboard.</p>`) };
    case 'stale':
      return { status: 409, body: layout('Task changed', html`${taskSummary(outcome.task)}<p class="note">The task changed after this link was sent, so the link no longer applies. Open it in Switchboard to see it as it is now.</p>`) };
    case 'refused':
      return { status: 403, body: layout('Not allowed', html`${taskSummary(outcome.task)}<p class="note">${outcome.reason}</p>`) };
    case 'decided':
      return { status: 200, body: layout(outcome.task.decision === 'approved' ? 'Approved' : 'Rejected', html`${taskSummary(outcome.task)}<p class="note">${closedLine(outcome.task)}</p>`) };
    case 'ready':
      return { status: 200, body: layout(outcome.token.action === 'approve' ? 'Approve?' : 'Reject?', html`${taskSummary(outcome.task)}${confirmForm(outcome.token.action, outcome.reviewer, postUrl)}`) };
  }
}

function confirmForm(action: 'approve' | 'reject', reviewer: string, postUrl: string) {
  const verb = action === 'approve' ? 'Approve' : 'Reject';
  return html`<form method="post" action="${postUrl}">
<p>You are deciding as <strong>${reviewer}</strong>. Nothing happens until you press the button.</p>
<label for="reason">${action === 'approve' ? 'Note (optional)' : 'Reason (the customer is told)'}</label>
<textarea id="reason" name="reason" maxlength="2000"></textarea>
<button type="submit" class="${action}">${verb}</button>
</form>`;
}

function closedLine(task: HumanTaskView): string {
  if (task.decision) return `${capitalised(task.decision)} by ${task.responded_by ?? 'someone'} at ${task.resolved_at ?? task.updated_at}${task.notes ? `: “${task.notes}”` : ''}.`;
  return `The task is ${task.status}; nothing is left to decide.`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function taskSummary(task: HumanTaskView) {
  const call = task.tool_call;
  return html`<h2>${task.title}</h2>
<p>${task.reason}</p>
${call ? html`<dl><dt>Action</dt><dd><code>${call.tool}</code></dd>${Object.entries(call.approvedArgs ?? call.args).map(([name, value]) => html`<dt>${name}</dt><dd>${typeof value === 'string' ? value : JSON.stringify(value)}</dd>`)}</dl>` : ''}`;
}

function layout(title: string, content: Page | HtmlEscapedString) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — Switchboard</title>
<style>${raw(pageStyle)}</style>
</head>
<body>
<h1>${title}</h1>
${content}
</body>
</html>`;
}
