// The classifier's calibration on the configuration page in Chromium: the coverage / precision curve
// of the trained demo classifier drawn with every point the API serves, the threshold in force marked
// on it, and the same figures behind "Show as table".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ClassifierCalibrationView } from '../../src/app/classifier-calibration.ts';
import { openSignedIn, screenshot } from './support/dashboard-pages.ts';
import type { DashboardServer } from './support/dashboard-server.ts';
import { dashboardSession } from './support/dashboard-session.ts';

const percent = (share: number) => `${(share * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;

describe('the classifier calibration on the configuration page', () => {
  let server: DashboardServer;
  let page: Page;
  dashboardSession({ sinks: [] }, (opened) => ({ server, page } = opened));

  it('draws the curve with the threshold in force marked, and shows the points as a table', async () => {
    const api = (await (await server.staff('/api/projects/default/classifier/calibration')).json()) as ClassifierCalibrationView;
    const marked = api.points.findLast((point) => point.threshold >= api.threshold);
    assert.ok(marked, 'the demo classifier answers some messages at its threshold');

    await openSignedIn(page, server.reviewer, '/config');
    const section = page.locator('#classifier');
    const figure = section.getByRole('figure', { name: 'Precision against coverage, out of fold' });
    await figure.waitFor();

    const chart = figure.getByRole('img');
    const summary = (await chart.getAttribute('aria-label')) ?? '';
    assert.match(summary, new RegExp(`At the threshold in force, ${api.threshold.toFixed(3).replace('.', '\\.')}, the classifier answers ${percent(marked.coverage).replace('.', '\\.')} of messages`));
    assert.equal(await figure.locator('.curve-threshold').getAttribute('data-threshold'), String(api.threshold));
    const drawn = ((await figure.locator('.curve-line').getAttribute('points')) ?? '').trim().split(/\s+/);
    assert.equal(drawn.length, api.points.length, 'one vertex per point of the curve');
    await section.getByText(`${api.threshold.toFixed(3)}, chosen by cross-validation for 97% precision`).waitFor();

    await figure.getByText('Show as table').click();
    const row = figure.getByRole('row', { name: /\(in force\)/ });
    assert.equal(await row.count(), 1);
    assert.deepEqual((await row.locator('td').allInnerTexts()).map((cell) => cell.trim()), [percent(marked.coverage), percent(marked.precision)]);
    assert.equal(await figure.locator('tbody tr').count(), api.points.length);
    await figure.getByText('Show as table').click();

    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'classifier-calibration');
  });
});
