// Tickets in the dashboard, in Chromium: the list narrowed by filters that survive a reload and paged
// with Load more, and one ticket's trace timeline — runs, steps with status / decision / confidence,
// payloads on request, tool calls, the reviewer's decision and a due time — updated live; and who has
// the ticket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import { newPage } from './support/browser.ts';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import { type ChatAnswer, type DashboardServer } from './support/dashboard-server.ts';

describe('tickets and their trace in the dashboard', () => {
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, browser, page } = opened));

  /** A customer's message with their email, as a web form would send it. */
  const customerWrites = async (message: string, email: string) => {
    const response = await fetch(`${server.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, customer_email: email }) });
    assert.equal(response.status, 200);
    return (await response.json()) as ChatAnswer;
  };

  it('lists tickets newest first, narrows them by status and text, keeps the filters over a reload, and shows a new one live', async () => {
    const refund = await customerWrites('I want a refund of $42.50', 'sara@example.com');
    const order = await customerWrites('Where is my order ORD-1001?', 'omar@example.org');
    const hours = await customerWrites('What are your opening hours?', 'lena@example.net');
    const password = await customerWrites('I forgot my password', 'ken@example.com');
    assert.equal(refund.status, 'PAUSED_FOR_APPROVAL');

    await openSignedIn(page, server.reviewer, '/tickets');
    await shownTickets(page, [password.ticket, hours.ticket, order.ticket, refund.ticket]);
    const refundRow = page.locator(`tr[data-ticket="${refund.ticket}"]`);
    for (const text of ['I want a refund of $42.50', 'sara@example.com', 'Waiting for approval', 'refund', 'High']) await refundRow.getByText(text, { exact: true }).waitFor();
    await screenshot(page, 'tickets');

    await page.getByLabel('Status').selectOption('resolved');
    await page.waitForURL((url) => url.searchParams.get('status') === 'resolved');
    await shownTickets(page, [hours.ticket, order.ticket]);
    await page.getByLabel('Search').fill('OPENING hours');
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'OPENING hours' && url.searchParams.get('status') === 'resolved');
    await shownTickets(page, [hours.ticket]);

    await page.evaluate('window.sameDocument = true');
    await page.reload();
    await shownTickets(page, [hours.ticket]);
    assert.equal(await page.evaluate('window.sameDocument'), undefined, 'the page was reloaded');
    assert.equal(await page.getByLabel('Status').inputValue(), 'resolved');
    assert.equal(await page.getByLabel('Search').inputValue(), 'OPENING hours');

    await page.getByLabel('Search').fill(refund.ticket);
    await page.getByLabel('Status').selectOption('');
    await page.waitForURL((url) => url.searchParams.get('q') === refund.ticket && !url.searchParams.has('status'));
    await shownTickets(page, [refund.ticket]);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await shownTickets(page, [password.ticket, hours.ticket, order.ticket, refund.ticket]);
    assert.equal(await page.getByLabel('Search').inputValue(), '');
    await page.evaluate('window.sameDocument = true');
    const later = await customerWrites('My download link has expired', 'tom@example.com');
    await shownTickets(page, [later.ticket, password.ticket, hours.ticket, order.ticket, refund.ticket]);
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the new ticket came without a reload');
  });

  it('pages on with Load more, the filters kept', async () => {
    const asked: string[] = [];
    for (let n = 1; n <= 52; n += 1) asked.unshift((await server.customerSays(`Zebra crossing ${n}: what are your opening hours?`)).ticket);
    await page.goto('/tickets?q=zebra');
    await shownTickets(page, asked.slice(0, 50), 'the first page');
    await page.getByRole('button', { name: 'Load more' }).click();
    await shownTickets(page, asked, 'after Load more');
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).search, '?q=zebra');
  });

  it("shows a ticket's runs, steps, payloads, tool calls, the reviewer's decision and a due time on one timeline, live", async () => {
    const chat = await customerWrites('I want a refund of $64.00 for order ORD-1002', 'mia@example.com');
    await page.goto(`/tickets?q=${encodeURIComponent('refund of $64.00')}`);
    await shownTickets(page, [chat.ticket]);
    await page.getByRole('link', { name: chat.ticket, exact: true }).click();
    await page.waitForURL(`**/tickets/${chat.ticket}`);
    await page.getByRole('heading', { level: 1, name: `Ticket #${chat.ticket} trace` }).waitFor();
    await page.evaluate('window.sameDocument = true');
    const timeline = page.locator('.trace');
    await timeline.getByText('1 run', { exact: true }).waitFor();

    const triage = stepCard(page, 'Triage step', 0);
    await triage.getByText('Classifier', { exact: true }).waitFor();
    await triage.getByText('status: in_progress decision: triage confidence: 100%').waitFor();
    const gate = stepCard(page, 'Specialist step', 0);
    await gate.getByText('status: awaiting_approval decision: approval_required confidence: 100%').waitFor();
    await gate.getByText('Approval policy', { exact: true }).waitFor();

    const runPayload = triage.getByRole('button', { name: 'View run payload' });
    assert.equal(await runPayload.getAttribute('aria-expanded'), 'false');
    await runPayload.click();
    assert.equal(await runPayload.getAttribute('aria-expanded'), 'true');
    await triage.locator('figure', { hasText: 'Input snapshot' }).locator('pre').getByText('I want a refund of $64.00 for order ORD-1002', { exact: true }).waitFor();
    await triage.locator('figure', { hasText: 'Output payload' }).getByText('"route": "refund"').waitFor();
    await timeline.getByRole('article', { name: 'Approval task created' }).getByText('Approve refund of $64.00').waitFor();

    const resolved = await server.staff(`/api/projects/default/human-tasks/${chat.task_id}/resolve`, { decision: 'approved', notes: 'order ORD-1002 qualifies' });
    assert.equal(resolved.status, 200);
    const decision = timeline.getByRole('article', { name: 'Human decision' });
    await decision.getByText(/approved by key:other-reviewer/).waitFor();
    await decision.getByText('Reason: order ORD-1002 qualifies').waitFor();
    const refundStep = stepCard(page, 'Specialist step', 1);
    const tool = refundStep.locator('.tool-card', { hasText: 'issue_refund' });
    await tool.getByText('Action completed').waitFor();
    await tool.getByRole('button', { name: 'View tool payloads' }).click();
    await tool.locator('figure', { hasText: 'Input payload' }).getByText('"amount_cents": 6400').waitFor();
    await tool.locator('figure', { hasText: 'Output payload' }).getByText('"status": "refund_issued"').waitFor();
    assert.deepEqual(await entryTitles(page), ['Customer message', 'Triage step', 'Specialist step', 'Approval task created', 'Human decision', 'Human step', 'Specialist step']);

    const ticketId = (await server.sb.tickets.find('default', chat.ticket)).id;
    const review = await server.staff('/api/projects/default/human-tasks', { type: 'review', title: 'Check the refund reached the card', reason: 'The customer paid by card.', ticketId, dueInMinutes: 30 });
    assert.equal(review.status, 201);
    await timeline.getByRole('article', { name: 'Review task created' }).getByText('Check the refund reached the card').waitFor();
    await timeline.getByRole('article', { name: 'SLA due' }).getByText(/due in 2\dm/).waitFor();

    await server.customerSays('Thanks! When will the money arrive?', chat.thread_id);
    await timeline.getByText('2 runs', { exact: true }).waitFor();
    await timeline.getByRole('article', { name: 'Customer message, run 2' }).getByText('Thanks! When will the money arrive?').waitFor();
    await page.locator('.conversation .message-body', { hasText: 'Thanks! When will the money arrive?' }).waitFor();
    assert.equal(await page.evaluate('window.sameDocument'), true, 'everything came without a reload');

    await tool.getByRole('button', { name: 'View tool payloads' }).click();
    await page.getByRole('heading', { name: 'Trace Timeline' }).evaluate((heading) => (heading as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'start' }));
    await screenshot(page, 'ticket-trace');
  });

  it('gives a ticket to a person, to the one signed in and to nobody, and finds it by its assignee', async () => {
    const chat = await customerWrites('My parcel for order ORD-1001 has not arrived', 'lea@example.com');
    await page.goto(`/tickets/${chat.ticket}`);
    const assignee = page.locator('.ticket-assignee');
    await assignee.getByText('Unassigned', { exact: true }).waitFor();
    assert.equal(await assignee.getByRole('button', { name: 'Unassign' }).count(), 0, 'nothing to unassign yet');

    await assignee.getByLabel('Assign to').fill('omar@example.org');
    await assignee.getByRole('button', { name: 'Assign', exact: true }).click();
    await assignee.getByText('Assigned to omar@example.org').waitFor();
    assert.equal((await server.sb.tickets.find('default', chat.ticket)).assignee, 'omar@example.org');
    await page.getByRole('heading', { level: 1, name: `Ticket #${chat.ticket} trace` }).evaluate((heading) => (heading as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'start' }));
    await screenshot(page, 'ticket-assignee');

    await assignee.getByRole('button', { name: 'Assign to me' }).click();
    await assignee.getByText(`Assigned to ${server.reviewer.email}`).waitFor();
    await page.goto(`/tickets?assignee=${encodeURIComponent(server.reviewer.email)}`);
    await shownTickets(page, [chat.ticket]);

    await page.goto(`/tickets/${chat.ticket}`);
    await assignee.getByRole('button', { name: 'Unassign' }).click();
    await assignee.getByText('Unassigned', { exact: true }).waitFor();
    const audit = await server.sb.db.kysely.selectFrom('audit_log').select(['actor', 'data']).where('action', '=', 'ticket.assigned').orderBy('seq').execute();
    assert.deepEqual(audit.map((row) => row.actor), [server.reviewer.email, server.reviewer.email, server.reviewer.email]);

    // Someone else assigns it meanwhile: the open page shows it without a reload.
    await page.evaluate('window.sameDocument = true');
    await server.sb.ticketAssignments.assign('default', chat.ticket, 'omar@example.org', 'key:other-reviewer');
    await assignee.getByText('Assigned to omar@example.org').waitFor();
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the assignment came without a reload');
  });

  it('shows a viewer who has the ticket, without the form to change it', async () => {
    const chat = await customerWrites('My parcel for order ORD-1002 has not arrived', 'ivo@example.com');
    await server.sb.ticketAssignments.assign('default', chat.ticket, 'omar@example.org', 'key:other-reviewer');
    const viewer = { email: 'vera.viewer@example.com', password: 'a long enough viewer password' };
    await createUser(server.sb.identity, { email: viewer.email, name: 'Vera Viewer', role: 'viewer', projectId: 'default', password: viewer.password });
    const own = await newPage(browser, server.url);
    try {
      await openSignedIn(own.page, viewer, `/tickets/${chat.ticket}`);
      const assignee = own.page.locator('.ticket-assignee');
      await assignee.getByText('Assigned to omar@example.org').waitFor();
      assert.equal(await assignee.getByRole('button').count(), 0, 'a viewer may not assign (no tickets.assign)');
      assert.equal(await assignee.getByLabel('Assign to').count(), 0);
    } finally {
      await own.context.close();
    }
  });
});

/** What the page's document offers the checks below (the test's own types know no DOM). */
interface RowsDocument {
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
}

/** Waits until the table shows exactly these tickets, in this order. */
async function shownTickets(page: Page, numbers: readonly string[], what = 'the list'): Promise<void> {
  const expected = JSON.stringify(numbers);
  try {
    await page.waitForFunction((want) => {
      const { document } = globalThis as unknown as { document: RowsDocument };
      return JSON.stringify([...document.querySelectorAll('.ticket-table tbody tr')].map((row) => row.getAttribute('data-ticket'))) === want;
    }, expected);
  } catch (error) {
    const shown = await page.locator('.ticket-table tbody tr').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: Record<string, string> }).dataset['ticket']));
    assert.fail(`${what}: expected ${expected}, shown ${JSON.stringify(shown)} (${String(error)})`);
  }
}

function stepCard(page: Page, title: string, index: number) {
  return page.locator('.step-card').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) }).nth(index);
}

function entryTitles(page: Page): Promise<string[]> {
  return page.locator('.trace-entry h3').allTextContents();
}
