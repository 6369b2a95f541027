// The approvals page in Chromium: empty at first, then after twenty-two refunds decided over the API
// (twenty approved, one approved with a smaller amount, one rejected with a reason) the same figures
// as the approval analytics API, the suggested threshold with its policy, and the rejection reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ApprovalAnalytics } from '../../src/app/approval-analytics.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';
import { dashboardSession } from './support/dashboard-session.ts';

const analyticsPath = '/api/projects/default/approval-analytics';

/** A table row's cells as shown, and the exact API values its <data> elements carry. */
async function cells(page: Page, table: string, row: string): Promise<{ shown: string[]; values: (string | null)[] }> {
  const found = page.getByRole('table', { name: table }).getByRole('row', { name: new RegExp(`^${row}`) });
  const shown = await found.getByRole('cell').allInnerTexts();
  const values = await Promise.all((await found.locator('data').all()).map((data) => data.getAttribute('value')));
  return { shown, values };
}

describe('the approvals page', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({ sinks: [] }, (opened) => ({ server, page } = opened));

  async function decideRefund(dollars: string, decision: Record<string, unknown>): Promise<void> {
    const asked = await server.customerSays(`I want a refund of $${dollars}`);
    assert.equal(asked.status, 'PAUSED_FOR_APPROVAL', `a $${dollars} refund waits for a reviewer`);
    assert.equal((await server.staff(`/api/projects/default/human-tasks/${asked.task_id}/resolve`, decision)).status, 200);
  }

  it('says so when no approval was asked for', async () => {
    await openSignedIn(page, server.reviewer, '/approvals');
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    await page.getByText('No approvals were asked for in this range.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Approvals' }).getAttribute('aria-current'), 'page');
  });

  it('shows the API\'s figures per tool and tier, the suggested threshold and the rejection reasons', async () => {
    for (let dollars = 26; dollars <= 45; dollars += 1) await decideRefund(`${dollars}.00`, { decision: 'approved' });
    await decideRefund('46.00', { decision: 'approved', fields: { args: { amount_cents: 4000 } } });
    await decideRefund('60.00', { decision: 'rejected', notes: 'Already refunded.' });
    const api = (await (await server.staff(`${analyticsPath}?range=30d`)).json()) as ApprovalAnalytics;
    assert.deepEqual([api.totals.requested, api.totals.approved, api.totals.approved_with_edits, api.totals.rejected], [22, 21, 1, 1]);

    await page.goto('/approvals');
    const suggestion = page.locator('.threshold-suggested');
    await suggestion.locator('.threshold-sentence').getByText('issue_refund ≤ $45.00 was approved as proposed 100% of the time (20 of 20) in 30 days.', { exact: true }).waitFor();
    assert.match(await suggestion.locator('pre').innerText(), /issue_refund:\n\s+approval: \(args\.amount_cents \+ run\.money_out_cents > 2500\) && args\.amount_cents > 4500/);

    const tool = await cells(page, 'Approvals per tool, last 30 days', 'issue_refund');
    assert.deepEqual(tool.shown.slice(0, 8), ['Money', '22', '22', '21', '1', '0', '95.5%', '4.8%']);
    const time = api.tools[0]?.time_to_decision_seconds;
    assert.deepEqual(tool.values, ['22', '22', '21', '1', '0', '0.9545', '0.0476', String(time?.p50), String(time?.p90)]);
    const tier = await cells(page, 'Approvals per risk tier, last 30 days', 'Money');
    assert.deepEqual(tier.values, tool.values);
    assert.deepEqual((await cells(page, 'Approvals per risk tier, last 30 days', 'All tiers')).values, tool.values);

    const reasons = page.getByRole('table', { name: 'Most frequent rejection reasons per tool' });
    assert.deepEqual(await reasons.getByRole('row', { name: /^issue_refund/ }).getByRole('cell').allInnerTexts(), ['already refunded', '1']);
    assert.doesNotMatch(await page.locator('main').innerText(), /NaN|Infinity|undefined/);
    await screenshot(page, 'approvals');
  });

  it('asks for the range the picker names', async () => {
    const week = page.waitForResponse((response) => response.url().endsWith(`${analyticsPath}?range=7d`));
    await page.getByText('Last 7 days').click();
    await page.waitForURL((url) => url.pathname + url.search === '/approvals?days=7');
    assert.equal((await week).status(), 200);
    await page.getByRole('table', { name: 'Approvals per tool, last 7 days' }).waitFor();
  });
});
