// POST /api/projects/{project}/replay on every database: reviewers and admins replay a changed
// configuration; a viewer is refused; a broken configuration, bad dates and too large a range are
// 400s that say what to fix.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maxReplayTickets, type ReplayReport } from '../../src/replay/replay.ts';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';
import { changedConfig, recordTickets, refundsUpTo100, replayClock, type RecordedTickets } from '../replay/replay-fixture.ts';

type Answer = ReplayReport & { error?: { code: string; message: string; details?: Record<string, unknown> } };

for (const dialect of await dialectsUnderTest()) {
  describe(`replay API (${dialect})`, () => {
    let env: TestSwitchboard;
    let reviewer: ApiApp;
    let viewer: ApiApp;
    let tickets: RecordedTickets;

    before(async () => {
      const clock = replayClock();
      env = await testSwitchboard(dialect, { clock });
      tickets = await recordTickets(env.sb, (ms) => clock.advance(ms));
      reviewer = await apiApp(env.sb, { role: 'reviewer' });
      viewer = await apiApp(env.sb, { role: 'viewer', keyName: 'test-viewer' });
    });
    after(() => env.close());

    async function replay(app: ApiApp, body: Record<string, unknown>): Promise<{ status: number; body: Answer }> {
      const response = await app.request('/api/projects/default/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Answer };
    }

    const october = { from: '2026-10-01', to: '2026-11-01' };

    it('answers a reviewer with the tickets the changed configuration would handle differently', async () => {
      const { status, body } = await replay(reviewer, { ...october, config: changedConfig(refundsUpTo100).text });
      assert.equal(status, 200);
      assert.deepEqual([body.tickets, body.differing, body.rows.map((row) => row.number)], [5, 1, [tickets.largeRefund]]);
      assert.deepEqual(body.rows[0]?.differences.map((d) => d.dimension), ['gate', 'auto_resolution']);
    });

    it('refuses a viewer', async () => {
      const { status, body } = await replay(viewer, { ...october, config: changedConfig().text });
      assert.deepEqual([status, body.error?.code, body.error?.details?.['permission']], [403, 'forbidden', 'replay.run']);
    });

    it('answers a configuration with problems with 400 naming the place', async () => {
      const { status, body } = await replay(reviewer, { ...october, config: 'version: 1\ntools:\n  issue_refund:\n    risk: huge\n' });
      assert.deepEqual([status, body.error?.code], [400, 'invalid_config']);
      assert.match(body.error?.message ?? '', /^replay\.yaml:4:11 tools\.issue_refund\.risk: /);
    });

    it('answers a tool the deployment does not have with 400 naming the place', async () => {
      const { status, body } = await replay(reviewer, { ...october, config: changedConfig((d) => d.setIn(['tools', 'wire_money'], d.createNode({ approval: 'never' }))).text });
      assert.deepEqual([status, body.error?.code], [400, 'invalid_config']);
      assert.match(body.error?.message ?? '', /^replay\.yaml:\d+:\d+ tools\.wire_money: no tool named "wire_money"/);
    });

    it('refuses a configuration naming files the running one does not, since the server would read them', async () => {
      for (const setting of ['examples', 'model']) {
        const { status, body } = await replay(reviewer, { ...october, config: changedConfig((d) => d.setIn(['classifier', setting], '/etc/hostname')).text });
        assert.deepEqual([status, body.error?.code], [400, 'invalid_config'], setting);
        assert.match(body.error?.message ?? '', new RegExp(`^replay\\.yaml classifier\\.${setting}: a replay over HTTP reads only the files`));
      }
    });

    it('answers bad dates and a backwards range with 400', async () => {
      const config = changedConfig().text;
      const impossible = await replay(reviewer, { from: '2026-02-30', to: '2026-03-01', config });
      assert.deepEqual([impossible.status, impossible.body.error?.code], [400, 'invalid_request']);
      const backwards = await replay(reviewer, { from: '2026-11-01', to: '2026-10-01', config });
      assert.deepEqual([backwards.status, backwards.body.error?.code], [400, 'invalid_request']);
      const missing = await replay(reviewer, { from: '2026-10-01', config });
      assert.equal(missing.status, 400);
    });

    it(`answers a range of more than ${maxReplayTickets} tickets with 400`, async () => {
      await insertTickets(env, maxReplayTickets + 1);
      const { status, body } = await replay(reviewer, { from: '2026-09-01', to: '2026-10-01', config: changedConfig().text });
      assert.deepEqual([status, body.error?.code, body.error?.details?.['tickets']], [400, 'invalid_request', maxReplayTickets + 1]);
      assert.match(body.error?.message ?? '', /at most 5000 at a time/);
    });
  });
}

/** Bare ticket rows on 2026-09-10, before the recorded conversations. */
async function insertTickets(env: TestSwitchboard, count: number): Promise<void> {
  const at = '2026-09-10T12:00:00.000Z';
  const rows = Array.from({ length: count }, (_, index) => ({ id: `bulk-${String(index).padStart(5, '0')}`, project_id: 'default', number: 100_000 + index, thread_id: `bulk-thread-${index}`, status: 'resolved', category: null, priority: 'low', subject: 'bulk', customer_email: null, assignee: null, version: 1, created_at: at, updated_at: at, requested_by: null }));
  for (let start = 0; start < rows.length; start += 500) await env.sb.db.kysely.insertInto('tickets').values(rows.slice(start, start + 500)).execute();
}
