// `switchboard approvals stats` as an operator runs it: a separate process reading the database, or a
// server over HTTP; the same figures both ways, a table by default, and one line (exit 2, bad input) for a bad range.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApprovalAnalytics } from '../../src/app/approval-analytics.ts';
import { startHttpServer, type RunningServer } from '../../src/api/serve.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { runCli } from '../support/cli-process.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';

for (const dialect of await dialectsUnderTest()) {
  describe(`switchboard approvals stats (${dialect})`, { timeout: 120_000 }, () => {
    let env: TestSwitchboard;
    let server: RunningServer;
    let remote: Record<string, string>;

    before(async () => {
      env = await testSwitchboard(dialect);
      const { chat, tasks } = env.sb;
      const approved = await chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      await tasks.resolve(projectId, approved.task_id ?? '', { respondedBy: 'rita', decision: 'approved' });
      const rejected = await chat.postMessage({ projectId, message: 'I want a refund of $59.99' });
      await tasks.resolve(projectId, rejected.task_id ?? '', { respondedBy: 'rita', decision: 'rejected', notes: 'Already refunded.' });
      server = await startHttpServer(env.sb, { port: 0, host: '127.0.0.1' });
      const { key } = await createApiKey(env.sb.identity, { projectId, name: 'viewer-script', role: 'viewer', createdBy: 'test' });
      remote = { SWITCHBOARD_URL: server.url, SWITCHBOARD_API_KEY: key };
    });
    after(async () => {
      await server?.close();
      await env?.close();
    });

    it('prints each tool and tier, the reasons and why there is no threshold yet', async () => {
      const result = await runCli(['approvals', 'stats', '--range', '7d'], env.database.env);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\n');
      assert.match(lines[0] ?? '', /^Approvals requested from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(7 days, UTC\)$/);
      assert.match(result.stdout, /^issue_refund +money +2 +2 +1 +1 +0 +50% +0% /m);
      assert.match(result.stdout, /^tier money +2 +2 +1 +1 +0 +50% +0% /m);
      assert.match(result.stdout, /^ {2}issue_refund: already refunded \(1\)$/m);
      assert.match(result.stdout, /^ {2}No suggestion for issue_refund in USD: 2 decided approvals with an amount in 7 days; at least 20 are needed\.$/m);
    });

    it('answers the same JSON from the database and from the server', async () => {
      const local = await runCli(['approvals', 'stats', '--json'], env.database.env);
      const overHttp = await runCli(['approvals', 'stats', '--json'], remote);
      assert.equal(local.code, 0, local.stderr);
      assert.equal(overHttp.code, 0, overHttp.stderr);
      const analytics = JSON.parse(local.stdout) as ApprovalAnalytics;
      assert.deepEqual([analytics.days, analytics.totals.approved, analytics.totals.rejected, analytics.thresholds[0]?.status], [30, 1, 1, 'not_enough_data']);
      assert.deepEqual(JSON.parse(overHttp.stdout), analytics);
    });

    it('refuses a range that is not a number of days, in one line', async () => {
      for (const environment of [env.database.env, remote]) {
        const result = await runCli(['approvals', 'stats', '--range', '1w'], environment);
        assert.equal(result.code, 2, result.stderr);
        assert.equal(result.stderr, 'switchboard: range must be a number of days from 1d to 366d (e.g. 30d), not "1w". (invalid_request)\n');
      }
    });
  });
}
