// Live updates and a server that goes away: a new task appears in an open inbox without a reload,
// and while the server is unreachable a banner says so and nothing typed is lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn, taskRow } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

describe('live updates in the dashboard', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, page } = opened));

  it('shows a new customer\'s refund request in the open inbox without a reload', async () => {
    await openSignedIn(page, server.reviewer, '/inbox');
    await page.getByText('Nothing waits for a person right now.').waitFor();
    await page.evaluate('window.sameDocument = true');
    await server.customerSays('I want a refund of $42.50');
    await taskRow(page, 'Approve refund of $42.50').waitFor();
    await server.customerSays('Please refund $57.00, order ORD-1002');
    await taskRow(page, 'Approve refund of $57.00').waitFor();
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the page was not reloaded');
  });

  it('says the server cannot be reached, keeps what was typed, and carries on when it is back', async () => {
    const chat = await server.customerSays('I want a refund of $88.00 for ORD-1003');
    await page.goto(`/tasks/${chat.task_id}`);
    await page.getByRole('button', { name: 'Edit arguments' }).click();
    const editor = page.getByLabel('Arguments (JSON)');
    const edited = JSON.stringify({ amount_cents: 6000, currency: 'USD', order_id: 'ORD-1003', reason: 'partial refund' });
    await editor.fill(edited);

    await server.goAway();
    await page.getByText('Cannot reach the server — retrying').waitFor();
    assert.equal(await editor.inputValue(), edited, 'the half-typed arguments are still there');
    await server.comeBack();
    await page.getByText('Cannot reach the server — retrying').waitFor({ state: 'detached' });
    assert.equal(await editor.inputValue(), edited);

    await page.getByRole('button', { name: 'Approve…' }).click();
    await page.getByRole('dialog', { name: /Approve/ }).getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').getByText(/Refund issued: \$60\.00/).waitFor();
  });
});
