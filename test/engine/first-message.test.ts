// A first message opens a ticket, its run, the message and the ticket's event: written whole or not
// at all (one statement on PostgreSQL, one transaction on SQLite), after the ticket's number.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { allowInserts, refuseInserts } from '../support/refused-inserts.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

async function counts(sb: Switchboard): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  for (const table of ['tickets', 'runs', 'messages', 'outbox', 'steps'] as const) {
    const row = await sb.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counted[table] = Number(row.n);
  }
  return counted;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`first message (${dialect})`, () => {
    it('opens the ticket, the run, the message and the event together, and drives the run', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const faq = await sb.chat.postMessage({ projectId, message: 'What are your opening hours?' });
      const ticket = await sb.tickets.find(projectId, faq.thread_id);
      const run = await sb.engine.getRun(faq.run_id);
      assert.equal(run?.ticketId, ticket.id);
      assert.notEqual(run?.status, 'running', 'the run was driven until it stopped');
      const messages = await sb.db.kysely.selectFrom('messages').select(['role', 'run_id']).where('ticket_id', '=', ticket.id).orderBy('id').execute();
      assert.deepEqual({ ...messages[0] }, { role: 'customer', run_id: faq.run_id });
      const created = await sb.db.kysely.selectFrom('outbox').select('dedupe_key').where('topic', '=', 'ticket.created').execute();
      assert.deepEqual(created.map((row) => row.dedupe_key), [`ticket.created:${ticket.id}`]);
    });

    it('leaves nothing of a first message whose writes fail, and the next one opens its ticket', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const before = await counts(sb);
      await refuseInserts(sb, dialect, 'messages');
      await assert.rejects(sb.chat.postMessage({ projectId, message: 'I want a refund of $12.00' }), /messages refused/);
      assert.deepEqual(await counts(sb), before, 'no ticket, run, message or event without the others');

      await allowInserts(sb, dialect, 'messages');
      const retried = await sb.chat.postMessage({ projectId, message: 'I want a refund of $12.00' });
      assert.equal((await sb.engine.getRun(retried.run_id))?.ticketId, (await sb.tickets.find(projectId, retried.thread_id)).id);
      const after = await counts(sb);
      assert.equal(after['tickets'], (before['tickets'] ?? 0) + 1);
      assert.equal(after['runs'], (before['runs'] ?? 0) + 1);
    });
  });
}
