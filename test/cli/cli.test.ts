// The `switchboard` CLI as an operator uses it: separate processes against the same database as a
// running server, or against the server over HTTP; bad input is one line on stderr, never a trace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatResult } from '../../src/app/chat.ts';
import { ChatResultSchema, ThreadSchema } from '../../src/api/schemas.ts';
import { runCli, type CliResult } from '../support/cli-process.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';
import { getJson, postJson } from '../support/http.ts';
import { staffKey } from '../support/staff-key.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';
import { killSwitchboardProcesses, startServer, startWorker, type ServerProcess } from '../support/server-process.ts';

const oneFailureLine = /^switchboard: [^\n]+ \(([a-z_]+)\)\n$/;

function assertFailure(result: CliResult, code: string, exitCode: number): void {
  assert.equal(result.code, exitCode, result.stderr);
  assert.match(result.stderr, oneFailureLine);
  assert.equal(oneFailureLine.exec(result.stderr)?.[1], code, result.stderr);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`CLI (${dialect})`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let server: ServerProcess;
    /** What an operator points the CLI at a server with: its URL and a reviewer's API key. */
    let remote: Record<string, string>;
    const cli = (...args: string[]) => runCli(args, { ...database.env, SWITCHBOARD_LEASE_MS: '1000' });
    const pausedRefund = async (): Promise<ChatResult> => {
      const paused = ChatResultSchema.parse((await postJson(`${server.url}/chat`, { message: 'I want a refund of $42.50' })).body);
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      return paused;
    };
    const threadStatus = async (threadId: string) => ThreadSchema.parse((await getJson(`${server.url}/chat/${threadId}`)).body);

    before(async () => {
      database = await createTestDatabase(dialect);
      server = await startServer(database.env);
      remote = { SWITCHBOARD_URL: server.url, SWITCHBOARD_API_KEY: await staffKey(database.target, 'reviewer') };
    });
    after(async () => {
      await killSwitchboardProcesses();
      await database?.drop();
    });

    it('respond --approve from another process resumes a run paused by the server', async () => {
      const paused = await pausedRefund();
      const result = await cli('respond', paused.thread_id, '--approve', '--by', 'alice');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^${paused.ticket} DONE`));
      assert.match(result.stdout, /Action result: Refund issued: \$42\.50/);
      assert.match(result.stdout, /Reply: Good news/);
      assert.equal((await threadStatus(paused.thread_id)).status, 'DONE');
    });

    it('respond --reject through SWITCHBOARD_URL resumes the run on the server', async () => {
      const paused = await pausedRefund();
      const result = await runCli(['respond', paused.ticket, '--reject', '--reason', 'order not found', '--json'], remote);
      assert.equal(result.code, 0, result.stderr);
      const outcome = ChatResultSchema.parse(JSON.parse(result.stdout));
      assert.equal(outcome.status, 'DONE');
      assert.equal(outcome.action_result, 'Refund denied: order not found');
      assert.equal((await threadStatus(paused.thread_id)).action_result, 'Refund denied: order not found');
    });

    it('tickets list prints the tickets, from the database and from the server', async () => {
      const paused = await pausedRefund();
      for (const result of [await cli('tickets', 'list'), await runCli(['tickets', 'list', '--status', 'awaiting_approval'], remote)]) {
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^NUMBER +STATUS +CATEGORY +PRIORITY +UPDATED +ASSIGNEE +SUBJECT\n/);
        assert.match(result.stdout, new RegExp(`${paused.ticket} +awaiting_approval +refund +high +\\S+ \\S+ +– +I want a refund of \\$42\\.50`));
      }
      const json = await cli('tickets', 'list', '--json', '--limit', '1');
      assert.equal((JSON.parse(json.stdout) as { tickets: unknown[] }).tickets.length, 1);
    });

    it('tickets assign gives a ticket to a person and to nobody, from the database and through the server', async () => {
      const paused = await pausedRefund();
      const local = await cli('tickets', 'assign', paused.ticket, 'rita@example.com', '--by', 'alice');
      assert.equal(local.code, 0, local.stderr);
      assert.equal(local.stdout, `${paused.ticket} is assigned to rita@example.com.\n`);
      const listed = await cli('tickets', 'list');
      assert.match(listed.stdout, new RegExp(`${paused.ticket} .* rita@example\\.com +I want a refund`));

      const remoteAssign = await runCli(['tickets', 'assign', paused.thread_id, 'omar@example.org', '--json'], remote);
      assert.equal(remoteAssign.code, 0, remoteAssign.stderr);
      assert.equal((JSON.parse(remoteAssign.stdout) as { assignee: string }).assignee, 'omar@example.org');
      const unassigned = await runCli(['tickets', 'assign', paused.ticket, '--unassign'], remote);
      assert.equal(unassigned.stdout, `${paused.ticket} is assigned to nobody.\n`);

      assertFailure(await cli('tickets', 'assign', paused.ticket), 'invalid_request', 2);
      assertFailure(await cli('tickets', 'assign', paused.ticket, 'rita', '--unassign'), 'invalid_request', 2);
      assertFailure(await cli('tickets', 'assign', 'TKT-999999', 'rita'), 'ticket_not_found', 1);
    });

    it('trace prints the conversation and every step with its tool call', async () => {
      const paused = await pausedRefund();
      assert.equal((await cli('respond', paused.run_id, '--approve')).code, 0);
      for (const result of [await cli('trace', paused.ticket), await runCli(['trace', paused.thread_id, '--url', server.url], { SWITCHBOARD_API_KEY: remote['SWITCHBOARD_API_KEY'] ?? '' })]) {
        assert.equal(result.code, 0, result.stderr);
        const out = result.stdout;
        assert.match(out, new RegExp(`^${paused.ticket} · resolved · refund · high priority`));
        assert.match(out, /customer +I want a refund of \$42\.50/);
        assert.match(out, /1\. \S+ +classify +· +layer triage · source classifier · succeeded · decision triage · confidence \d+%/);
        assert.match(out, /why: Classified as refund/);
        assert.match(out, /human_gate +· +layer specialist · source policy · succeeded · decision approval_required · confidence 100%/);
        assert.match(out, /issue_refund +· +layer specialist · source tool · succeeded · decision refund_issued · confidence 100%/);
        assert.match(out, /reply: Good news: your refund of \$42\.50 has been issued/);
        assert.match(out, /tool issue_refund \(money\) succeeded · attempts 1/);
        assert.match(out, /input: +\{"amount_cents":4250,"currency":"USD"/);
        assert.match(out, /output: \{"refund_id":"[^"]+","status":"refund_issued"/);
        assert.ok(out.indexOf('classify') < out.indexOf('human_gate') && out.indexOf('human_gate') < out.indexOf('issue_refund'), 'steps in order');
      }
    });

    it('tasks list shows the pending approval', async () => {
      const paused = await pausedRefund();
      const result = await cli('tasks', 'list', '--status', 'pending');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`${paused.task_id} +pending +approval +high`));
    });

    it('bad input prints one line on stderr and exits non-zero', async () => {
      const paused = await pausedRefund();
      assertFailure(await cli('respond', 'thr_unknown', '--approve'), 'thread_not_found', 1);
      assertFailure(await runCli(['respond', 'thr_unknown', '--approve'], remote), 'thread_not_found', 1);
      assertFailure(await cli('respond', paused.thread_id, '--approve', '--reject', '--reason', 'x'), 'invalid_request', 2);
      assertFailure(await cli('respond', paused.thread_id, '--reject'), 'invalid_request', 2);
      assertFailure(await cli('respond', paused.thread_id), 'invalid_request', 2);
      assertFailure(await cli('respond', '--approve'), 'invalid_request', 2);
      assertFailure(await cli('tickets', 'list', '--limit', 'many'), 'invalid_request', 2);
      assertFailure(await cli('trace', 'TKT-999999'), 'ticket_not_found', 1);
      assertFailure(await cli('frobnicate'), 'invalid_request', 2);
      assertFailure(await runCli(['tickets'], { SWITCHBOARD_URL: 'http://127.0.0.1:9' }), 'unavailable', 1);
      const keyless = await runCli(['tickets'], { SWITCHBOARD_URL: server.url });
      assertFailure(keyless, 'unauthorized', 1);
      assert.match(keyless.stderr, /Set SWITCHBOARD_API_KEY/);
      assertFailure(await runCli(['tickets'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/test' }), 'unavailable', 1);
      assertFailure(await runCli(['tickets'], { SWITCHBOARD_DATA_DIR: '/dev/null/data' }), 'invalid_config', 1);
      assertFailure(await runCli(['tickets'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/test', DATABASE_POOL_SIZE: '0' }), 'invalid_config', 1);
      assertFailure(await runCli(['tickets'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/test', DATABASE_POOL_SIZE: 'lots' }), 'invalid_config', 1);
      assert.equal((await threadStatus(paused.thread_id)).status, 'PAUSED_FOR_APPROVAL', 'nothing was decided by the bad calls');

      assert.equal((await cli('respond', paused.thread_id, '--approve')).code, 0);
      assertFailure(await cli('respond', paused.thread_id, '--approve'), 'not_awaiting_approval', 1);
      assertFailure(await runCli(['respond', paused.thread_id, '--reject', '--reason', 'late'], remote), 'not_awaiting_approval', 1);
    });
  });

  describe(`CLI: long-running processes and migrations (${dialect})`, { timeout: 60_000 }, () => {
    after(killSwitchboardProcesses);

    it('serve exits 0 on SIGTERM', () =>
      onFreshDatabase(dialect, async (database) => {
        const server = await startServer(database.env);
        assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(await server.kill('SIGTERM'), { code: 0, signal: null });
      }),
    );

    it('worker prints its id and exits 0 on SIGTERM', () =>
      onFreshDatabase(dialect, async (database) => {
        const worker = await startWorker(database.env);
        assert.match(worker.workerId, /:\d+:/);
        assert.deepEqual(await worker.kill('SIGTERM'), { code: 0, signal: null });
      }),
    );

    it('migrate applies the migrations to a fresh database, then reports it up to date', () =>
      onFreshDatabase(dialect, async (database) => {
        const first = await runCli(['migrate'], database.env);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /^Applied \d+ migration\(s\) to (sqlite: .+|postgres): 0001-initial/);
        const second = await runCli(['migrate'], database.env);
        assert.match(second.stdout, /^Database up to date \((sqlite: .+|postgres)\)\n$/);
      }),
    );
  });
}
