// A server killed in the middle of the approved refund: the journal holds the call's intent, a fresh
// process reclaims the run once the dead one's lease expires and re-issues the call under the same
// idempotency key, so the money moves exactly once.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatResultSchema, ThreadSchema } from '../../src/api/schemas.ts';
import { dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';
import { eventually } from '../support/eventually.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';
import { getJson, postJson } from '../support/http.ts';
import { staffKey } from '../support/staff-key.ts';
import { readRefundJournal, type RefundJournal } from '../support/refund-journal.ts';
import { killSwitchboardProcesses, startServer, startWorker } from '../support/server-process.ts';

/** Approves a refund on a server that freezes at `point` of the refund tool, then SIGKILLs it there. */
async function killDuringRefund(database: TestDatabase, point: 'before' | 'after'): Promise<{ threadId: string; key: string }> {
  const held = await startServer({ ...database.env, SWITCHBOARD_TEST_HOLD_TOOL: `issue_refund:${point}` });
  const paused = ChatResultSchema.parse((await postJson(`${held.url}/chat`, { message: 'I want a refund of $42.50' })).body);
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  // The response never comes: the server freezes inside the request and is killed there.
  const approval = postJson(`${held.url}/chat`, { thread_id: paused.thread_id, approval: true }, await staffKey(database.target, 'reviewer')).catch(() => undefined);
  const [, key = ''] = await held.waitForLine(/^SWITCHBOARD_TEST_HOLD issue_refund (\S+)$/);
  await held.kill('SIGKILL');
  assert.equal(await approval, undefined, 'the approval request must have been cut off by the kill');
  return { threadId: paused.thread_id, key };
}

/** A fresh server with no hold finishes the run on its own; the customer polls the thread. */
async function finishOnFreshServer(database: TestDatabase, threadId: string) {
  const fresh = await startServer(database.env);
  return eventually(async () => {
    const thread = ThreadSchema.parse((await getJson(`${fresh.url}/chat/${threadId}`)).body);
    return thread.status === 'DONE' || thread.status === 'FAILED' ? thread : undefined;
  }, `thread ${threadId} to finish on the fresh server`);
}

/** One refund, made under the journalled key, called `attempts` times; the journal shows it succeeded. */
function assertRefundedOnce(journal: RefundJournal, key: string, attempts: number): void {
  assert.equal(journal.refunds.length, 1);
  assert.equal(journal.refunds[0]?.idempotency_key, key);
  assert.equal(journal.refunds[0]?.attempts, attempts, attempts > 1 ? 're-issued under the same key and deduplicated' : 'called once');
  assert.deepEqual(journal.toolCalls.map((c) => [c.idempotency_key, c.status]), [[key, 'succeeded']]);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`durability: a server killed during the refund tool (${dialect})`, () => {
    after(killSwitchboardProcesses);

    it('re-issues a refund that ran but was not journalled, and the store deduplicates it', { timeout: 60_000 }, () =>
      onFreshDatabase(dialect, async (database) => {
        const { threadId, key } = await killDuringRefund(database, 'after');
        const before = await readRefundJournal(database.target);
        assert.equal(before.refunds.length, 1, 'the refund was applied before the kill');
        assert.equal(before.toolCalls[0]?.status, 'intent', 'but its result was not journalled');

        const done = await finishOnFreshServer(database, threadId);
        assert.equal(done.status, 'DONE');
        assert.equal(done.action_result, 'Refund issued: $42.50');
        assertRefundedOnce(await readRefundJournal(database.target), key, 2);
      }),
    );

    it('issues a refund that was journalled but not yet run, once', { timeout: 60_000 }, () =>
      onFreshDatabase(dialect, async (database) => {
        const { threadId, key } = await killDuringRefund(database, 'before');
        assert.equal((await readRefundJournal(database.target)).refunds.length, 0, 'no money moved before the kill');

        const done = await finishOnFreshServer(database, threadId);
        assert.equal(done.status, 'DONE');
        assert.equal(done.action_result, 'Refund issued: $42.50');
        assertRefundedOnce(await readRefundJournal(database.target), key, 1);
      }),
    );

    it('a worker process without HTTP also reclaims the run and finishes the refund once', { timeout: 60_000 }, () =>
      onFreshDatabase(dialect, async (database) => {
        const { key } = await killDuringRefund(database, 'after');
        const worker = await startWorker(database.env);
        const journal = await eventually(async () => {
          const current = await readRefundJournal(database.target);
          return current.runs.every((r) => r.status === 'completed') ? current : undefined;
        }, 'the worker to complete the run');
        assertRefundedOnce(journal, key, 2);
        assert.deepEqual(await worker.kill('SIGTERM'), { code: 0, signal: null });
      }),
    );
  });
}
