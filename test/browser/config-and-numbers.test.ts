// The configuration and numbers pages in Chromium: tools with their risk tiers, the refund policy and
// the channels as configured, with no secret on the page; then the numbers, empty at first, and after
// a few conversations the same figures as the stats API for the range the page shows.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { parseDocument } from 'yaml';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import type { ConfigView } from '../../src/app/config-view.ts';
import type { ProjectStats } from '../../src/app/stats.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';
import { dashboardSession } from './support/dashboard-session.ts';

/** Values that must never reach the page: filled from the environment, or written in the file. */
const secrets = {
  SLACK_BOT_TOKEN: 'xoxb-912345678901-qwertyuiopasdfghjklzxcvb',
  SLACK_SIGNING_SECRET: '5d0c7a1e9b2f48c6a3e1d7f0b9c2a4e6',
  WEBHOOK_SECRET: 'whsec_c2VjcmV0LWZvci10aGUtY3JtLXdlYmhvb2s=',
  PAY_TOKEN: 'sk-live-4f9a2c7e1b8d3f6a',
};
const written = { telegramToken: '7123456:telegram-token-written-in-the-file', telegramSecret: 'telegram-secret-written-in-the-file', webhookPassword: 'urlpassword3c8e', webhookQuery: 'querytoken7a2f' };

function configWithChannels(): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('notifications', {
    slack: { bot_token: '${SLACK_BOT_TOKEN}', channel: 'C0REVIEW', signing_secret: '${SLACK_SIGNING_SECRET}', users: { U1: 'rita.reviewer@example.com' } },
    telegram: { bot_token: written.telegramToken, chat_id: -100123, secret_token: written.telegramSecret },
  });
  document.set('webhooks', [{ name: 'crm', url: `https://hook:${written.webhookPassword}@crm.example.com/switchboard/events?token=${written.webhookQuery}`, secret: '${WEBHOOK_SECRET}', events: ['task.created'] }]);
  document.set('http_tools', { charge_card: { description: 'Charge a card', risk: 'money', method: 'POST', url: 'https://pay.example.com/charges', headers: { Authorization: 'Bearer ${PAY_TOKEN}' } } });
  document.setIn(['tools', 'issue_refund', 'approval_chains'], [{ when: 'args.amount_cents > 100000', steps: [{ name: 'manager', assign_team: 'managers' }, { name: 'vp', assign_to: 'vp@example.com' }] }]);
  document.set('approval_limits', { reviewer: 50_000 });
  return parseConfig(document.toString(), { source: 'config-and-numbers.yaml', baseDir: dirname(demoConfigPath) });
}

/** The figure cards: label → the exact number (`<data value>`) and the text shown. */
async function headlineFigures(page: Page): Promise<Map<string, { value: string; shown: string }>> {
  const figures = new Map<string, { value: string; shown: string }>();
  for (const card of await page.locator('.figure-card').all()) {
    const data = card.locator('data');
    figures.set(await card.locator('dt').innerText(), { value: (await data.getAttribute('value')) ?? '', shown: await data.innerText() });
  }
  return figures;
}

/** The numbers each card should carry, from the API's totals (null: nothing to compute it from). */
function expectedValues(totals: ProjectStats['totals']): [string, number | null][] {
  return [
    ['Tickets', totals.tickets],
    ['Auto-resolution rate', totals.auto_resolution_rate],
    ['Approval rate', totals.approval_rate],
    ['Rejection rate', totals.rejection_rate],
    ['Time to decision, median', totals.time_to_decision_seconds.median],
    ['Time to decision, 90th percentile', totals.time_to_decision_seconds.p90],
    ['SLA breaches', totals.sla_breaches],
    ['Handoffs', totals.handoffs],
    ['Model tokens', totals.tokens_in + totals.tokens_out],
    ['Model cost', totals.cost_usd],
  ];
}

const dayMs = 86_400_000;

function daysCovered(stats: Pick<ProjectStats, 'from' | 'to'>): number {
  return (Date.parse(stats.to) - Date.parse(stats.from)) / dayMs + 1;
}

/** The page's stats request for a range of `days` days (any range when not given). */
function statsAnswer(page: Page, days?: number): Promise<Response> {
  return page.waitForResponse((response) => {
    const url = new URL(response.url());
    if (url.pathname !== '/api/projects/default/stats') return false;
    return days === undefined || daysCovered({ from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' }) === days;
  });
}

async function shownRange(page: Page): Promise<{ from: string | null; to: string | null }> {
  const days = page.locator('.numbers-header time');
  return { from: await days.first().getAttribute('datetime'), to: await days.last().getAttribute('datetime') };
}

describe('the configuration and numbers pages', () => {
  let server: DashboardServer;
  let page: Page;
  const savedPayToken = process.env['PAY_TOKEN'];

  // HTTP tools fill their `${NAME}`s from the process environment (set before the server starts); no notification leaves the test.
  before(() => {
    process.env['PAY_TOKEN'] = secrets.PAY_TOKEN;
  });
  after(() => {
    if (savedPayToken === undefined) delete process.env['PAY_TOKEN'];
    else process.env['PAY_TOKEN'] = savedPayToken;
  });
  dashboardSession({ config: configWithChannels(), env: { ...process.env, ...secrets }, sinks: [] }, (opened) => ({ server, page } = opened));

  /** What the stats API answers the API key for the same path the page asked. */
  async function statsFor(response: Response): Promise<ProjectStats> {
    const url = new URL(response.url());
    const answer = await server.staff(`${url.pathname}${url.search}`);
    assert.equal(answer.status, 200);
    return (await answer.json()) as ProjectStats;
  }

  async function assertHeadlinesMatch(totals: ProjectStats['totals']): Promise<void> {
    const shown = await headlineFigures(page);
    for (const [label, value] of expectedValues(totals)) {
      assert.equal(shown.get(label)?.value, value === null ? '' : String(value), `${label} carries the API's figure`);
      assert.ok(shown.get(label)?.shown, `${label} shows something`);
    }
  }

  async function assertNoBrokenNumbers(): Promise<void> {
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, /NaN|Infinity|undefined/);
  }

  it('shows the tools with their risk tiers, the refund policy and the channels, and never a secret', async () => {
    const api = (await (await server.staff('/api/projects/default/config')).json()) as ConfigView;
    const refund = api.tools.find((tool) => tool.name === 'issue_refund');
    assert.equal(refund?.risk, 'money', 'config/switchboard.yaml makes issue_refund a money tool');

    await openSignedIn(page, server.reviewer, '/config');
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    await page.getByText('switchboard config validate').waitFor();

    const tools = page.locator('#tools');
    const refundRow = tools.getByRole('row', { name: /issue_refund/ });
    assert.equal(await refundRow.locator('.risk-badge').innerText(), 'Money');
    assert.equal(await refundRow.locator('.source-badge').innerText(), 'Built-in');
    assert.equal(await tools.getByRole('row', { name: /lookup_order/ }).locator('.risk-badge').innerText(), 'Read');
    assert.equal(await tools.getByRole('row', { name: /charge_card/ }).locator('.source-badge').innerText(), 'HTTP');

    const policy = page.locator('#approvals').getByRole('row', { name: /issue_refund/ });
    await policy.getByText('args.amount_cents + run.money_out_cents > 2500').waitFor();
    await policy.getByText('manager (team managers) → vp (vp@example.com)').waitFor();
    assert.match(await page.locator('#approvals').getByRole('row', { name: /Reviewer/ }).innerText(), /\$500\.00/);

    const channels = page.locator('#channels');
    const slack = channels.getByRole('row', { name: /^Slack/ });
    assert.match(await slack.innerText(), /Configured\s+C0REVIEW\s+1/);
    await slack.getByText('SLACK_BOT_TOKEN').waitFor();
    await slack.getByText('SLACK_SIGNING_SECRET').waitFor();
    assert.match(await channels.getByRole('row', { name: /^Telegram/ }).innerText(), /bot_token written in the file \(hidden\)\s+secret_token written in the file \(hidden\)/);
    assert.match(await channels.getByRole('row', { name: /^Discord/ }).innerText(), /Not configured/);
    await channels.getByText('https://crm.example.com/switchboard/events', { exact: true }).waitFor();

    const html = await page.content();
    for (const value of [...Object.values(secrets), ...Object.values(written)]) assert.ok(!html.includes(value), `the page leaks ${value.slice(0, 10)}…`);
    assert.ok(!html.includes('${'), 'no placeholder either');
    assert.doesNotMatch(await page.locator('main').innerText(), /\bsk-[A-Za-z0-9-]{8,}|xox[bp]-|whsec_/);

    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Tools and risk tiers' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/config#tools');
    await screenshot(page, 'config');
  });

  it('says there are no tickets yet when the range is empty, without NaN or Infinity', async () => {
    const answered = statsAnswer(page);
    await page.goto('/numbers');
    const stats = (await (await answered).json()) as ProjectStats;
    assert.equal(stats.totals.tickets, 0);
    await page.getByText('No tickets in this range yet.').waitFor();
    await assertHeadlinesMatch(stats.totals);
    assert.equal((await headlineFigures(page)).get('Approval rate')?.shown, '—');
    assert.equal(await page.getByRole('figure').count(), 0, 'no empty charts');
    await assertNoBrokenNumbers();
  });

  it('shows the stats API\'s figures for the range, per day and per category, and changes range from the picker', async () => {
    const faq = await server.customerSays('How long does shipping take?');
    assert.equal(faq.status, 'DONE');
    const approved = await server.customerSays('I want a refund of $42.50');
    const rejected = await server.customerSays('Please refund 59.99 USD for ORD-1002');
    assert.equal((await server.staff(`/api/projects/default/human-tasks/${approved.task_id}/resolve`, { decision: 'approved' })).status, 200);
    assert.equal((await server.staff(`/api/projects/default/human-tasks/${rejected.task_id}/resolve`, { decision: 'rejected', notes: 'already refunded' })).status, 200);

    const answered = statsAnswer(page, 30);
    await page.goto('/numbers');
    const stats = await statsFor(await answered);
    assert.deepEqual(
      { tickets: stats.totals.tickets, auto: stats.totals.auto_resolved, approved: stats.totals.approved, rejected: stats.totals.rejected, decisions: stats.totals.time_to_decision_seconds.decisions },
      { tickets: 3, auto: 1, approved: 1, rejected: 1, decisions: 2 },
    );
    await page.getByRole('figure', { name: 'Tickets per day' }).waitFor();
    assert.deepEqual(await shownRange(page), { from: stats.from, to: stats.to });
    await assertHeadlinesMatch(stats.totals);
    const shown = await headlineFigures(page);
    assert.equal(shown.get('Tickets')?.shown, '3');
    assert.equal(shown.get('Auto-resolution rate')?.shown, '33.3%');
    assert.equal(shown.get('Approval rate')?.shown, '50%');
    assert.equal(shown.get('Rejection rate')?.shown, '50%');
    assert.equal(shown.get('Model cost')?.shown, '$0.00');
    await screenshot(page, 'numbers');

    const tickets = page.getByRole('figure', { name: 'Tickets per day' });
    assert.match((await tickets.getByRole('img').getAttribute('aria-label')) ?? '', /3 tickets, 1 auto-resolved and 2 that needed a person/);
    await tickets.getByText('Show as table').click();
    const today = tickets.getByRole('row').filter({ has: page.locator(`time[datetime="${stats.to}"]`) });
    assert.deepEqual(await today.getByRole('cell').allInnerTexts(), ['3', '1', '2', '33.3%']);
    assert.equal(await tickets.locator('tbody tr').count(), 30, 'every day has a row, quiet ones as zeros');

    const categories = page.getByRole('figure', { name: 'Tickets per category' });
    await categories.getByText('Show as table').click();
    assert.deepEqual(await categories.getByRole('row', { name: /^refund/ }).getByRole('cell').allInnerTexts(), ['2', '0', '0%', '2', '50%', '0', '0', '$0.00']);
    assert.deepEqual((await categories.getByRole('row', { name: /^faq/ }).getByRole('cell').allInnerTexts()).slice(0, 3), ['1', '1', '100%']);
    await assertNoBrokenNumbers();

    const week = statsAnswer(page, 7);
    await page.getByText('Last 7 days').click();
    await page.waitForURL((url) => url.pathname + url.search === '/numbers?days=7');
    const weekStats = await statsFor(await week);
    assert.equal(weekStats.to, stats.to);
    await page.locator(`.numbers-header time[datetime="${weekStats.from}"]`).waitFor();
    assert.deepEqual(await shownRange(page), { from: weekStats.from, to: weekStats.to });
    assert.equal(await page.getByRole('radio', { name: 'Last 7 days' }).isChecked(), true);
    assert.equal(await tickets.locator('tbody tr').count(), 7);
    await assertHeadlinesMatch(weekStats.totals);

    // The picker is one group of radios: the arrow keys move along it.
    const quarter = statsAnswer(page, 90);
    await page.getByRole('radio', { name: 'Last 7 days' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.pathname + url.search === '/numbers');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.pathname + url.search === '/numbers?days=90');
    const quarterStats = await statsFor(await quarter);
    await page.locator(`.numbers-header time[datetime="${quarterStats.from}"]`).waitFor();
    assert.equal(await tickets.locator('tbody tr').count(), 90);
    await assertHeadlinesMatch(quarterStats.totals);
  });
});
