// The fixture every dashboard test file starts from: a Switchboard server with the dashboard,
// Debian's Chromium and one page, opened before the tests of a `describe` and closed after them.
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SwitchboardOptions } from '../../../src/app/switchboard.ts';
import { launchBrowser, newPage } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';

export interface DashboardSession {
  server: DashboardServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** `use` receives the session once it is open (assign what the tests need, then any further setup). */
export function dashboardSession(options: Partial<SwitchboardOptions>, use: (session: DashboardSession) => unknown): void {
  let session: DashboardSession | undefined;
  before(async () => {
    const [server, browser] = await Promise.allSettled([startDashboardServer(options), launchBrowser()]);
    // Should one of the two fail (no Chromium, say), the other is closed, or it would keep the test process alive.
    if (server.status === 'rejected' || browser.status === 'rejected') {
      if (server.status === 'fulfilled') await server.value.close();
      if (browser.status === 'fulfilled') await browser.value.close();
      throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
    }
    session = { server: server.value, browser: browser.value, ...(await newPage(browser.value, server.value.url)) };
    await use(session);
  });
  after(async () => {
    await session?.context.close();
    await session?.browser.close();
    await session?.server.close();
  });
}
