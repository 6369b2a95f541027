// A ticket whose run retention compacted, in Chromium: its steps still show status, decision and
// confidence, its summary stays, and a note says when the payload was dropped instead of offering an empty one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runRetention } from '../../src/app/retention.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

describe('a compacted run in the dashboard trace', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, page } = opened));

  it('shows the steps with a "payload compacted" note, no payload button, and the summary', async () => {
    const chat = await server.customerSays('How long does shipping take?');
    assert.equal(chat.status, 'DONE');
    const { sb } = server;
    const report = await runRetention({ db: sb.db, clock: sb.clock, ids: createIdGenerator() }, { runs_finished_before: new Date(Date.now() + 60_000).toISOString(), outbox_delivered_before: null });
    assert.equal(report.runs, 1);

    await openSignedIn(page, server.reviewer, `/tickets/${chat.ticket}`);
    await page.getByRole('heading', { level: 1, name: `Ticket #${chat.ticket} trace` }).waitFor();
    const steps = page.locator('.step-card');
    await steps.first().getByText(/^Payload compacted on /).waitFor();
    assert.equal(await steps.getByText(/^Payload compacted on /).count(), await steps.count(), 'every step of the run carries the note');
    await steps.first().getByText(/status: \w+ decision: \w+/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'View run payload' }).count(), 0);
    assert.equal(await page.getByText('No summary yet.').count(), 0, 'the triage summary survives compaction');
  });
});
