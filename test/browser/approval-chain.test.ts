// A multi-step approval in the dashboard: above $1,000 a refund needs a manager, then a VP, and each
// task page shows the chain, who approved, and which step it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

const rule = '    approval: args.amount_cents + run.money_out_cents > 2500\n';
const chainConfig = () =>
  demoConfigWith((text) => {
    assert.ok(text.includes(rule), 'the demo configuration still has the refund rule this test extends');
    return text.replace(rule, `${rule}    approval_chains:\n      - when: args.amount_cents > 100000\n        steps:\n          - { name: manager, assign_team: managers }\n          - { name: vp, assign_to: vp_sales }\n`);
  });

describe('multi-step approvals in the dashboard', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({ config: chainConfig() }, (opened) => ({ server, page } = opened));

  it('shows each approver in order, who approved, and the step a task stands for', async () => {
    const chat = await server.customerSays('Please refund $1,500.00 for ORD-1003');
    await openSignedIn(page, server.reviewer, `/tasks/${chat.task_id}`);
    await page.getByRole('heading', { name: 'Approval chain: step 1 of 2' }).waitFor();
    await page.locator('.chain-step[aria-current="step"]', { hasText: 'manager (team managers) — this task: waiting for a decision' }).waitFor();
    await page.locator('.chain-step', { hasText: 'vp (vp_sales) — after this one' }).waitFor();

    await page.getByRole('button', { name: 'Approve…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
    await page.locator('.chain-step', { hasText: 'manager (team managers) — this task: approved by rita.reviewer@example.com' }).waitFor();

    await page.goto('/inbox');
    const next = page.getByRole('link', { name: 'Approve refund of $1,500.00 (step 2 of 2: vp)' });
    await next.click();
    await page.getByRole('heading', { name: 'Approval chain: step 2 of 2' }).waitFor();
    await page.locator('.chain-step', { hasText: 'manager (team managers) — approved' }).waitFor();
    await page.locator('.chain-step[aria-current="step"]', { hasText: 'vp (vp_sales) — this task: waiting for a decision' }).waitFor();
  });
});
