// What the dashboard does when things go against the reviewer: an expired session sends them to the
// login and back to the page (with what they typed), a decision someone else made first is reported
// as theirs, with the task as it stands, and an answer too late says what happened meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn, signIn } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

describe('sessions and races in the dashboard', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, page } = opened));

  it('sends an expired session to the login and, signed in again, back to the task with the reason typed before', async () => {
    const chat = await server.customerSays('I want a refund of $42.50');
    const taskPath = `/tasks/${chat.task_id}`;
    await openSignedIn(page, server.reviewer, taskPath);
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page.getByRole('dialog').getByLabel(/Reason/).fill('duplicate of an earlier');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await server.sb.identity.db.kysely.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Your session has expired').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('next'), taskPath);

    await signIn(page, server.reviewer);
    await page.waitForURL(`**${taskPath}`);
    await page.getByRole('button', { name: 'Reject…' }).click();
    assert.equal(await page.getByRole('dialog').getByLabel(/Reason/).inputValue(), 'duplicate of an earlier');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('says who decided first when another reviewer\'s decision won, and shows the task as it stands', async () => {
    const chat = await server.customerSays('Please refund $70.00 for ORD-1002');
    await page.goto(`/tasks/${chat.task_id}`);
    await page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve/ });
    await dialog.waitFor();

    const other = await server.staff(`/api/projects/default/human-tasks/${chat.task_id}/resolve`, { decision: 'rejected', notes: 'order already refunded' });
    assert.equal(other.status, 200);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/Someone else decided first: rejected by key:other-reviewer/).waitFor();
    await page.getByRole('heading', { name: 'Decided: rejected' }).waitFor();
    await page.locator('.closed-summary').getByText('order already refunded').waitFor();
    await page.locator('.message-body', { hasText: 'order already refunded' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve…' }).count(), 0);
  });

  it('says a task was cancelled meanwhile, and that the answer was not applied', async () => {
    const chat = await server.customerSays('Please refund $70.00 for ORD-1002');
    await page.goto(`/tasks/${chat.task_id}`);
    await page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve/ });
    await dialog.waitFor();

    const cancelled = await server.staff(`/api/projects/default/human-tasks/${chat.task_id}/cancel`, { reason: 'duplicate request' });
    assert.equal(cancelled.status, 200);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/This task was cancelled at .+: your answer was not applied/).waitFor();
  });

  it('passes on what became of a run that stopped waiting for the task', async () => {
    const chat = await server.customerSays('Please refund $70.00 for ORD-1002');
    await page.goto(`/tasks/${chat.task_id}`);
    await page.getByRole('button', { name: 'Approve…' }).click();
    const dialog = page.getByRole('dialog', { name: /Approve/ });
    await dialog.waitFor();

    const runId = (await server.sb.tasks.get('default', chat.task_id ?? '')).run_id ?? '';
    await server.sb.db.kysely.updateTable('runs').set({ status: 'failed', wait: null, finished_at: new Date().toISOString() }).where('id', '=', runId).execute();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/no longer waiting for this decision: it failed at .+; your answer was not applied/).waitFor();
  });
});
