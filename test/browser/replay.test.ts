// The replay page in Chromium: a reviewer pastes a changed configuration, runs it over today's
// tickets and sees the totals and the one ticket a higher refund limit would have let through, linked
// to its trace; a configuration with a problem is answered with the place to fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { changedConfig, recordTickets, refundsUpTo100, type RecordedTickets } from '../replay/replay-fixture.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';
import { dashboardSession } from './support/dashboard-session.ts';

const dayMs = 86_400_000;

describe('the replay page', () => {
  let server: DashboardServer;
  let page: Page;
  let tickets: RecordedTickets;
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + dayMs).toISOString().slice(0, 10);

  dashboardSession({ sinks: [] }, async (opened) => {
    ({ server, page } = opened);
    tickets = await recordTickets(server.sb);
    await openSignedIn(page, server.reviewer, '/replay');
    await page.getByRole('heading', { name: 'Replay', level: 1 }).waitFor();
  });

  async function runReplay(config: string): Promise<void> {
    await page.getByLabel('From (included)').fill(today);
    await page.getByLabel('To (excluded)').fill(tomorrow);
    await page.getByLabel('Changed configuration (switchboard.yaml)').fill(config);
    await page.getByRole('button', { name: 'Run replay' }).click();
  }

  it('names the place of a problem in the configuration', async () => {
    await runReplay('version: 1\ntools:\n  issue_refund:\n    risk: huge\n');
    const alert = page.locator('.replay-page .notice-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /replay\.yaml:4:11 tools\.issue_refund\.risk/);
  });

  it('shows the totals and the ticket a higher refund limit would have let through, linked to its trace', async () => {
    await runReplay(changedConfig(refundsUpTo100).text);
    const row = page.locator(`tr[data-ticket="${tickets.largeRefund}"]`);
    await row.waitFor();
    assert.equal(await page.locator('.replay-totals [data-dimension="gate"] dd').innerText(), '1');
    assert.equal(await page.locator('.replay-totals [data-dimension="auto_resolution"] dd').innerText(), '1');
    assert.equal(await page.locator('.replay-totals [data-dimension="route"] dd').innerText(), '0');
    assert.equal(await row.locator('[data-dimension="gate"]').innerText(), 'issue_refund: needs approval → issue_refund: auto-approved');
    assert.equal(await row.locator('[data-dimension="auto_resolution"]').innerText(), 'no → yes');
    assert.equal(await row.locator('[data-dimension="route"]').innerText(), 'same');
    assert.equal(await page.locator('.replay-table tbody tr').count(), 1, 'only the $80 refund differs');
    // The picture shows the changed configuration's end, the totals and the table together.
    await page.evaluate('document.getElementById("replay-config").scrollIntoView({ block: "start" })');
    await screenshot(page, 'replay');

    await row.getByRole('link', { name: tickets.largeRefund }).click();
    await page.waitForURL((url) => url.pathname === `/tickets/${tickets.largeRefund}`);
  });
});
