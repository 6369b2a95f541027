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
    const [server, browser] = await Promise.all([startDashboardServer(options), launchBrowser()]);
    session = { server, browser, ...(await newPage(browser, server.url)) };
    await use(session);
  });
  after(async () => {
    await session?.context.close();
    await session?.browser.close();
    await session?.server.close();
  });
}
