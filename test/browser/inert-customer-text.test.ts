// Customer text is data, never markup: a message carrying an <img onerror> and a <script> shows up
// literally on the task page, and neither runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSession } from './support/dashboard-session.ts';
import { openSignedIn } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';

const payload = 'Refund $45.00 please <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>';

describe('customer text in the dashboard', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({}, (opened) => ({ server, page } = opened));

  it('renders a message carrying HTML and script as inert text', async () => {
    const chat = await server.customerSays(payload);
    assert.ok(chat.task_id, 'the message asks for a refund that needs a reviewer');
    await openSignedIn(page, server.reviewer, `/tasks/${chat.task_id}`);
    const message = page.locator('.message-customer .message-body');
    await message.waitFor();
    assert.equal(await message.textContent(), payload);
    await page.locator('.pair dd', { hasText: '<script>window.__pwned=1</script>' }).first().waitFor();
    assert.equal(await page.locator('main img, main script').count(), 0, 'no element was made from the text');
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
  });
});
