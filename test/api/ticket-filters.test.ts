// The tickets list over HTTP: filters by status, category, priority, assignee and text (subject,
// customer email, number, message bodies), combined, paged with `before`, and refused with a 400 when
// they are malformed. The same on SQLite and PostgreSQL.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { z } from '@hono/zod-openapi';
import { ChatResultSchema, TicketSchema } from '../../src/api/schemas.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { apiApp } from '../support/api-app.ts';
import { dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const ticketsPath = '/api/projects/default/tickets';
const TicketList = z.object({ tickets: z.array(TicketSchema) });

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP API: filtering tickets (${dialect})`, () => {
    it('filters by status, category, priority and assignee, alone and combined, newest first', async (t) => {
      const { say, numbers, sb } = await openTickets(t, dialect);
      const refund = await say('I want a refund of $42.50');
      const order = await say('Where is my order ORD-1001?');
      const password = await say('I forgot my password');
      const hours = await say('What are your opening hours?');
      await assign(sb, password, 'ana@example.com');
      await assign(sb, refund, 'ana@example.com');

      assert.deepEqual(await numbers(''), [hours, password, order, refund]);
      assert.deepEqual(await numbers('?status=resolved'), [hours, order]);
      assert.deepEqual(await numbers('?category=refund'), [refund]);
      assert.deepEqual(await numbers('?priority=medium'), [password, order]);
      assert.deepEqual(await numbers('?assignee=ana%40example.com'), [password, refund]);
      assert.deepEqual(await numbers('?assignee=ana%40example.com&priority=high'), [refund]);
      assert.deepEqual(await numbers('?status=resolved&priority=low&category=faq'), [hours]);
      assert.deepEqual(await numbers('?status=resolved&category=refund'), []);
    });

    it('finds text in any case in the subject, the customer email and every message, and a ticket by its number', async (t) => {
      const { say, numbers } = await openTickets(t, dialect);
      const refund = await say('I want a refund of $42.50', { email: 'Sara.Lind@Example.com' });
      const order = await say('Where is my order ORD-1001?', { email: 'omar@example.org' });
      const hours = await say('What are your opening hours?');
      await say('The parcel was left with the Neighbour in Flat B', { thread: order });

      assert.deepEqual(await numbers('?q=REFUND'), [refund], 'the subject');
      assert.deepEqual(await numbers('?q=sara.lind%40example'), [refund], "the customer's email");
      assert.deepEqual(await numbers('?q=neighbour%20IN%20flat'), [order], "a later customer message");
      assert.deepEqual(await numbers('?q=monday%20to%20friday'), [hours], "the assistant's reply");
      assert.deepEqual(await numbers(`?q=${order}`), [order], 'the number as TKT-…');
      assert.deepEqual(await numbers(`?q=${order.toLowerCase()}`), [order], 'the number in lower case');
      assert.deepEqual(await numbers(`?q=${order.slice(4)}`), [order], 'the bare number');
      assert.deepEqual(await numbers('?q=%20%20'), [hours, order, refund], 'blank text filters nothing');
      assert.deepEqual(await numbers('?q=refund&status=resolved'), [], 'text and status combined');
      assert.deepEqual(await numbers('?q=nothing%20says%20this'), []);
    });

    it('folds the case of letters beyond ASCII, in the text and in the search', async (t) => {
      const { say, numbers } = await openTickets(t, dialect);
      const shouted = await say('DIE LIEFERUNG FÜR ZOË MÜLLER IST NICHT ANGEKOMMEN');
      const quiet = await say('Ärger mit der Rechnung von Øresund');
      assert.deepEqual(await numbers(`?q=${encodeURIComponent('zoë müller')}`), [shouted], 'lower-case search, upper-case text');
      assert.deepEqual(await numbers(`?q=${encodeURIComponent('ÄRGER')}`), [quiet], 'upper-case search, mixed-case text');
      assert.deepEqual(await numbers(`?q=${encodeURIComponent('øresund')}`), [quiet]);
      assert.deepEqual(await numbers(`?q=${encodeURIComponent('für zoe')}`), [], 'letters differ from their unaccented forms');
    });

    it('takes %, _ and ! in the text literally, and SQL in it as text', async (t) => {
      const { say, numbers } = await openTickets(t, dialect);
      const percent = await say('Is the 100% cashback real?');
      const underscore = await say('My username is sara_lind');
      const bang = await say('Help!! Nothing loads');
      const plain = await say('I want 1000 stickers for sarablind');

      assert.deepEqual(await numbers('?q=100%25'), [percent]);
      assert.deepEqual(await numbers('?q=a_l'), [underscore]);
      assert.deepEqual(await numbers('?q=!!'), [bang]);
      assert.deepEqual(await numbers('?q=!%25'), []);
      assert.deepEqual(await numbers(`?q=${encodeURIComponent("' OR 1=1 --")}`), []);
      assert.ok((await numbers('?q=stickers')).includes(plain));
    });

    it('pages newest first with before, keeping the filters', async (t) => {
      const { say, numbers, list } = await openTickets(t, dialect);
      const first = await say('I want a refund of $42.50');
      await say('What are your opening hours?');
      const second = await say('Please refund $12.00 for order ORD-1002');
      const third = await say('Refund $30.00 please, order ORD-1003');

      const page = await list('?category=refund&limit=2');
      assert.deepEqual(page.map((ticket) => ticket.number), [third, second]);
      assert.deepEqual(await numbers(`?category=refund&limit=2&before=${page[1]?.id ?? ''}`), [first]);
      assert.deepEqual(await numbers(`?q=refund&before=${page[0]?.id ?? ''}`), [second, first]);
    });

    it('refuses a malformed filter with 400 invalid_request', async (t) => {
      const { app } = await openTickets(t, dialect);
      const refusals = ['?priority=urgent', '?status=lost', `?q=${'x'.repeat(201)}`, `?assignee=${'a'.repeat(201)}`, `?category=${'c'.repeat(101)}`, '?limit=0', '?limit=many', `?before=${'0'.repeat(101)}`];
      for (const query of refusals) {
        const response = await app.request(`${ticketsPath}${query}`);
        const body = (await response.json()) as { error?: { code?: string } };
        assert.deepEqual([response.status, body.error?.code], [400, 'invalid_request'], query);
      }
    });
  });
}

async function openTickets(t: TestContext, dialect: DialectName) {
  const sb = await switchboardForTest(t, dialect);
  const app = await apiApp(sb);
  /** A customer's message; returns the ticket's number. */
  const say = async (message: string, options: { email?: string; thread?: string } = {}) => {
    const threadId = options.thread ? (await sb.tickets.find('default', options.thread)).thread_id : undefined;
    const body = { message, ...(options.email ? { customer_email: options.email } : {}), ...(threadId ? { thread_id: threadId } : {}) };
    const response = await app.request('/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, await response.clone().text());
    return ChatResultSchema.parse(await response.json()).ticket;
  };
  const list = async (query: string) => {
    const response = await app.request(`${ticketsPath}${query}`);
    assert.equal(response.status, 200, `${query}: ${await response.clone().text()}`);
    return TicketList.parse(await response.json()).tickets;
  };
  const numbers = async (query: string) => (await list(query)).map((ticket) => ticket.number);
  return { sb, app, say, list, numbers };
}

/** Nothing in the built-in workflow assigns a ticket yet; a person's assignment is set directly. */
async function assign(sb: Switchboard, number: string, assignee: string): Promise<void> {
  await sb.ticketAssignments.assign('default', number, assignee, 'test');
}
