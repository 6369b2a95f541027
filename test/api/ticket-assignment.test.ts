// Giving a ticket to a person over HTTP: assign, reassign, unassign, each recorded in the audit log
// with who did it; the same person again writes nothing; two assignments at once both land, one
// after the other; bad bodies and unknown tickets get a 4xx. The same on SQLite and PostgreSQL.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { z } from '@hono/zod-openapi';
import { ChatResultSchema, TicketSchema } from '../../src/api/schemas.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { fromJson } from '../../src/store/json.ts';
import { apiApp } from '../support/api-app.ts';
import { dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const ticketsPath = '/api/projects/default/tickets';
const TicketList = z.object({ tickets: z.array(TicketSchema) });

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP API: assigning tickets (${dialect})`, () => {
    it('assigns, reassigns and unassigns a ticket, each change audited with who made it', async (t) => {
      const { app, sb, number, assign } = await openTicket(t, dialect);
      const first = await assign(number, { assignee: 'rita@example.com' });
      assert.equal(first.status, 200);
      assert.equal(TicketSchema.parse(await first.json()).assignee, 'rita@example.com');
      const listed = TicketList.parse(await (await app.request(`${ticketsPath}?assignee=rita%40example.com`)).json()).tickets;
      assert.deepEqual(listed.map((ticket) => ticket.number), [number]);

      assert.equal(TicketSchema.parse(await (await assign(number, { assignee: '  omar@example.org ' })).json()).assignee, 'omar@example.org', 'trimmed');
      assert.equal(TicketSchema.parse(await (await assign(number, { assignee: null })).json()).assignee, null);
      const detail = TicketSchema.parse(await (await app.request(`${ticketsPath}/${number}`)).json());
      assert.equal(detail.assignee, null);

      const ticket = await sb.tickets.row('default', number);
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'action', 'data']).where('subject_id', '=', ticket.id).where('action', '=', 'ticket.assigned').orderBy('seq').execute();
      assert.deepEqual(
        audit.map((row) => ({ actor: row.actor, ...fromJson<Record<string, unknown>>(row.data, {}) })),
        [
          { actor: 'key:test-admin', before: null, after: 'rita@example.com' },
          { actor: 'key:test-admin', before: 'rita@example.com', after: 'omar@example.org' },
          { actor: 'key:test-admin', before: 'omar@example.org', after: null },
        ],
      );
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('writes nothing when the ticket already has that person', async (t) => {
      const { sb, number, assign } = await openTicket(t, dialect);
      await assign(number, { assignee: 'rita@example.com' });
      const before = await sb.tickets.row('default', number);
      const again = await assign(number, { assignee: 'rita@example.com' });
      assert.equal(again.status, 200);
      const after = await sb.tickets.row('default', number);
      assert.deepEqual([after.version, after.updated_at], [before.version, before.updated_at]);
      const entries = await sb.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'ticket.assigned').execute();
      assert.equal(entries.length, 1);
    });

    it('lands two assignments made at once, one after the other', async (t) => {
      const { sb, number, assign } = await openTicket(t, dialect);
      const before = await sb.tickets.row('default', number);
      const answers = await Promise.all(['rita@example.com', 'omar@example.org'].map((assignee) => assign(number, { assignee })));
      assert.deepEqual(answers.map((answer) => answer.status), [200, 200]);
      const after = await sb.tickets.row('default', number);
      assert.equal(after.version, before.version + 2);
      const audit = await sb.db.kysely.selectFrom('audit_log').select('data').where('action', '=', 'ticket.assigned').orderBy('seq').execute();
      const changes = audit.map((row) => fromJson<{ before: string | null; after: string }>(row.data, { before: null, after: '' }));
      assert.equal(changes.length, 2);
      assert.equal(changes[1]?.before, changes[0]?.after, 'the second was written onto the first');
      assert.equal(after.assignee, changes[1]?.after);
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('refuses bad bodies with a 400 and an unknown ticket with a 404, changing nothing', async (t) => {
      const { app, sb, number, assign } = await openTicket(t, dialect);
      for (const body of [{}, { assignee: '' }, { assignee: '   ' }, { assignee: 5 }, { assignee: 'x'.repeat(201) }, { assignee: ['rita'] }]) {
        const response = await assign(number, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_request');
      }
      const notJson = await app.request(`${ticketsPath}/${number}/assignee`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"assignee":' });
      assert.equal(notJson.status, 400);
      const unknown = await assign('TKT-999999', { assignee: 'rita@example.com' });
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'ticket_not_found');
      assert.equal((await sb.tickets.row('default', number)).assignee, null);
    });
  });
}

async function openTicket(t: TestContext, dialect: DialectName) {
  const sb = await switchboardForTest(t, dialect);
  const app = await apiApp(sb);
  const chat = await app.request('/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Where is my order ORD-1001?' }) });
  assert.equal(chat.status, 200);
  const number = ChatResultSchema.parse(await chat.json()).ticket;
  const assign = (ref: string, body: unknown) => app.request(`${ticketsPath}/${ref}/assignee`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { sb, app, number, assign };
}
