// Seed 004's durability proof: a refund paused for approval survives the death of the process that
// paused it, and a fresh process with no memory of it issues the refund exactly once.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatResultSchema } from '../../src/api/schemas.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';
import { postJson } from '../support/http.ts';
import { staffKey } from '../support/staff-key.ts';
import { readRefundJournal } from '../support/refund-journal.ts';
import { killSwitchboardProcesses, startServer } from '../support/server-process.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`durability: a paused refund and a killed server (${dialect})`, () => {
    after(killSwitchboardProcesses);

    it('approves on a fresh process after SIGKILL and issues the refund once', { timeout: 60_000 }, () =>
      onFreshDatabase(dialect, async (database) => {
        const first = await startServer(database.env);
        const asked = await postJson(`${first.url}/chat`, { message: 'I want a refund of $42.50' });
        assert.equal(asked.status, 200, JSON.stringify(asked.body));
        const paused = ChatResultSchema.parse(asked.body);
        assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');

        const killed = await first.kill('SIGKILL');
        assert.equal(killed.signal, 'SIGKILL');

        const fresh = await startServer(database.env);
        const approved = await postJson(`${fresh.url}/chat`, { thread_id: paused.thread_id, approval: true }, await staffKey(database.target, 'reviewer'));
        assert.equal(approved.status, 200, JSON.stringify(approved.body));
        const done = ChatResultSchema.parse(approved.body);
        assert.equal(done.status, 'DONE');
        assert.equal(done.action_result, 'Refund issued: $42.50');
        assert.equal(done.thread_id, paused.thread_id);

        const { refunds } = await readRefundJournal(database.target);
        assert.equal(refunds.length, 1);
        assert.equal(refunds[0]?.amount_cents, 4250);
        assert.equal(refunds[0]?.attempts, 1);
      }),
    );
  });
}
