// Customer text is data, never markup: a message carrying an <img onerror> and a <script> shows up
// literally on the task page, and neither runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage } from './support/browser.ts';
import { openSignedIn } from './support/dashboard-pages.ts';
import { startDashboardServer, type DashboardServer } from './support/dashboard-server.ts';

const payload = 'Refund $45.00 please <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>';

describe('customer text in the dashboard', () => {
  let server: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    [server, browser] = await Promise.all([startDashboardServer(), launchBrowser()]);
    ({ context, page } = await newPage(browser, server.url));
  });
  after(async () => {
    await context.close();
    await browser.close();
    await server.close();
  });

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
