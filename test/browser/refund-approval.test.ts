// The refund flow through the dashboard in Chromium: a customer asks, the task appears in the inbox,
// a reviewer approves it (by mouse, with edited arguments, by keyboard) and the customer is told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, selected, signIn, taskRow } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';
import { dashboardSession } from './support/dashboard-session.ts';

describe('approving refunds in the dashboard', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, page } = opened));

  const threadText = async (threadId: string) => {
    const thread = (await (await fetch(`${server.url}/chat/${threadId}`)).json()) as { messages: { role: string; body: string }[] };
    return thread.messages.map((message) => `${message.role}: ${message.body}`).join('\n');
  };

  it('takes a refund from the customer\'s message to the inbox, through approval, to the reply the customer sees', async () => {
    const chat = await server.customerSays('I want a refund of $42.50');
    assert.equal(chat.status, 'PAUSED_FOR_APPROVAL');
    await server.staff('/api/projects/default/human-tasks', { type: 'review', title: 'Check a disputed card charge', reason: 'The customer disputes a charge of $310 on order ORD-1002.', priority: 'critical', dueInMinutes: 12 });
    await server.staff('/api/projects/default/human-tasks', { type: 'data_entry', title: 'Record the new shipping address', reason: 'The customer moved; the order ships next week.', priority: 'medium', dueInMinutes: 240 });

    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Sign in to Switchboard' }).waitFor();
    await screenshot(page, 'login');
    await signIn(page, server.reviewer);
    const row = taskRow(page, 'Approve refund of $42.50');
    await row.waitFor();
    await row.locator('.sla').waitFor();
    await screenshot(page, 'inbox');

    await row.getByRole('link').click();
    await page.waitForURL(`**/tasks/${chat.task_id}`);
    await page.getByText('Refund of $42.50').first().waitFor();
    await page.locator('.message-body', { hasText: 'I want a refund of $42.50' }).waitFor();
    await page.getByRole('heading', { name: /Proposed tool call: issue_refund/ }).waitFor();
    await screenshot(page, 'task');

    await page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve/ });
    await dialog.getByText('as proposed').waitFor();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/Approved .*Refund issued: \$42\.50/).waitFor();
    await page.getByRole('heading', { name: 'Decided: approved' }).waitFor();
    assert.match(await threadText(chat.thread_id), /assistant: .*refund of \$42\.50 has been issued/);
  });

  it('approves with arguments edited as JSON, refusing text that is not a JSON object', async () => {
    const chat = await server.customerSays('Please refund $80.00 for order ORD-1003');
    await page.goto(`/tasks/${chat.task_id}`);
    await page.getByRole('button', { name: 'Edit arguments' }).click();
    const editor = page.getByLabel('Arguments (JSON)');
    await editor.fill('{ "amount_cents": 5000, ');
    await page.getByText(/Not valid JSON/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve…' }).isDisabled(), true);
    await editor.fill('[1, 2]');
    await page.getByText('The arguments must be a JSON object').waitFor();

    const drafts = await page.evaluate<string>('JSON.stringify(Object.entries(window.sessionStorage))');
    const proposed = (JSON.parse(drafts) as [string, string][]).find(([key]) => key.includes(`args:${chat.task_id}`))?.[1];
    assert.equal(proposed, '[1, 2]', 'the half-typed arguments are kept as a draft');
    await editor.fill(JSON.stringify({ amount_cents: 5000, currency: 'USD', order_id: 'ORD-1003', reason: 'partial refund agreed' }));
    await page.getByText('Edited: approving runs the tool with these arguments.').waitFor();
    await page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve/ });
    await dialog.getByText('with your edited arguments').waitFor();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/Refund issued: \$50\.00/).waitFor();
    assert.match(await threadText(chat.thread_id), /\$50\.00/);
  });

  it('moves with j and k, and approves the selected task with a and a confirmation', async () => {
    const chat = await server.customerSays('I want a refund of $39.99 for ORD-1001');
    const title = 'Approve refund of $39.99';
    await page.goto('/inbox');
    await taskRow(page, title).waitFor();
    await selected(page, 'Check a disputed card charge');
    await page.keyboard.press('j');
    await selected(page, title);
    await page.keyboard.press('j');
    await selected(page, 'Record the new shipping address');
    await page.keyboard.press('k');
    await selected(page, title);

    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: `Approve “${title}”?` });
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/Approved .*Refund issued: \$39\.99/).waitFor();
    await taskRow(page, title).waitFor({ state: 'detached' });
    assert.match(await threadText(chat.thread_id), /refund of \$39\.99 has been issued/);
  });

  it('opens the selected task with Enter and rejects it with r and a reason', async () => {
    const chat = await server.customerSays('Refund $64.00 please, order ORD-1002');
    const title = 'Approve refund of $64.00';
    await page.goto('/inbox');
    await taskRow(page, title).waitFor();
    await page.keyboard.press('j');
    await selected(page, title);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/tasks/${chat.task_id}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: /Reject/ });
    assert.equal(await dialog.getByRole('button', { name: 'Reject', exact: true }).isDisabled(), true, 'a rejection needs a reason');
    await dialog.getByLabel(/Reason/).fill('outside the 30-day window');
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByRole('heading', { name: 'Decided: rejected' }).waitFor();
    assert.match(await threadText(chat.thread_id), /outside the 30-day window/);
  });
});
