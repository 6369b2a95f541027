import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { ChatResultSchema, TicketDetailSchema } from '../../src/api/schemas.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

type Json = Record<string, unknown>;

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP API: POST /chat and the refund approval (${dialect})`, () => {
    let t: TestSwitchboard;
    let app: ApiApp;

    before(async () => {
      t = await testSwitchboard(dialect);
      app = await apiApp(t.sb, { bodyLimitBytes: 64 * 1024 });
    });
    after(() => t.close());

    const post = async (path: string, body: unknown) => {
      const response = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const get = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, body: (await response.json()) as Json };
    };
    const counts = async () => {
      const db = t.sb.db.kysely;
      const count = async (table: 'tickets' | 'messages' | 'runs' | 'steps' | 'human_tasks' | 'demo_refunds' | 'audit_log') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { tickets: await count('tickets'), messages: await count('messages'), runs: await count('runs'), steps: await count('steps'), tasks: await count('human_tasks'), refunds: await count('demo_refunds'), audit: await count('audit_log') };
    };

    it('pauses a refund for approval and issues it once when approved', async () => {
      const paused = await post('/chat', { message: 'I want a refund of $42.50' });
      assert.equal(paused.status, 200);
      const result = ChatResultSchema.parse(paused.body);
      assert.equal(result.status, 'PAUSED_FOR_APPROVAL');
      assert.ok(result.task_id);
      assert.match(result.reply ?? '', /reviewer/);

      const done = await post('/chat', { thread_id: result.thread_id, approval: true });
      assert.equal(done.status, 200);
      assert.equal(done.body['status'], 'DONE');
      assert.equal(done.body['action_result'], 'Refund issued: $42.50');
      assert.match(String(done.body['reply']), /refund of \$42\.50 has been issued/);

      const refunds = await t.sb.db.kysely.selectFrom('demo_refunds').selectAll().where('amount_cents', '=', 4250).execute();
      assert.equal(refunds.length, 1);
    });

    it('tells the customer the outcome when a refund is denied, and issues nothing', async () => {
      const before = await counts();
      const paused = ChatResultSchema.parse((await post('/chat', { message: 'Please refund 59.99 USD for ORD-1002' })).body);
      const denied = await post('/chat', { thread_id: paused.thread_id, approval: false, reason: 'the order was already refunded' });
      assert.equal(denied.status, 200);
      assert.equal(denied.body['status'], 'DONE');
      assert.equal(denied.body['action_result'], 'Refund denied: the order was already refunded');
      const thread = await get(`/chat/${paused.thread_id}`);
      const messages = thread.body['messages'] as { role: string; body: string }[];
      assert.match(messages.at(-1)?.body ?? '', /not approved, because the order was already refunded/);
      assert.equal((await counts()).refunds, before.refunds);
    });

    it('answers FAQs and asks the customer for a missing refund amount', async () => {
      const faq = ChatResultSchema.parse((await post('/chat', { message: 'What is your return policy?' })).body);
      assert.equal(faq.status, 'DONE');
      assert.match(faq.reply ?? '', /30 days/);

      const ask = ChatResultSchema.parse((await post('/chat', { message: 'I want my money back' })).body);
      assert.equal(ask.status, 'AWAITING_CUSTOMER');
      const paused = ChatResultSchema.parse((await post('/chat', { thread_id: ask.thread_id, message: 'It was $32.00 for ORD-1001' })).body);
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      assert.equal(paused.thread_id, ask.thread_id);
    });

    it('gives threads unguessable ids', async () => {
      const a = ChatResultSchema.parse((await post('/chat', { message: 'hello there' })).body);
      const b = ChatResultSchema.parse((await post('/chat', { message: 'hello there' })).body);
      assert.notEqual(a.thread_id, b.thread_id);
      assert.match(a.thread_id, /^thr_[A-Za-z0-9_-]{24}$/);
    });

    it('rejects bad input with stable codes and leaves no trace', async () => {
      const paused = ChatResultSchema.parse((await post('/chat', { message: 'refund $35.00 please' })).body);
      const done = ChatResultSchema.parse((await post('/chat', { thread_id: paused.thread_id, approval: true })).body);
      assert.equal(done.status, 'DONE');
      const snapshot = await counts();

      const malformed = await post('/chat', '{"message": ');
      assert.deepEqual([malformed.status, (malformed.body['error'] as Json)['code']], [400, 'invalid_request']);
      const empty = await post('/chat', { message: '' });
      assert.deepEqual([empty.status, (empty.body['error'] as Json)['code']], [400, 'invalid_request']);
      const unknown = await post('/chat', { thread_id: 'thr_doesnotexist', approval: true });
      assert.deepEqual([unknown.status, (unknown.body['error'] as Json)['code']], [404, 'thread_not_found']);
      const unknownMessage = await post('/chat', { thread_id: 'thr_doesnotexist', message: 'hi' });
      assert.deepEqual([unknownMessage.status, (unknownMessage.body['error'] as Json)['code']], [404, 'thread_not_found']);
      const notPaused = await post('/chat', { thread_id: paused.thread_id, approval: false });
      assert.deepEqual([notPaused.status, (notPaused.body['error'] as Json)['code']], [409, 'not_awaiting_approval']);
      const again = await post(`/api/projects/default/human-tasks/${paused.task_id}/resolve`, { respondedBy: 'bob', decision: 'rejected', notes: 'too late' });
      assert.equal(again.status, 409);
      const error = again.body['error'] as Json;
      assert.equal(error['code'], 'already_decided');
      assert.equal((error['details'] as Json)['decision'], 'approved');
      const huge = await post('/chat', { message: 'x'.repeat(100 * 1024) });
      assert.deepEqual([huge.status, (huge.body['error'] as Json)['code']], [413, 'payload_too_large']);

      assert.deepEqual(await counts(), snapshot);
    });

    it('records a message sent while the thread waits for a reviewer and says where things stand', async () => {
      const paused = ChatResultSchema.parse((await post('/chat', { message: 'refund $38.00' })).body);
      const held = await post('/chat', { thread_id: paused.thread_id, message: 'any news?' });
      assert.equal(held.status, 200);
      const result = ChatResultSchema.parse(held.body);
      assert.deepEqual([result.status, result.run_id], ['PAUSED_FOR_APPROVAL', paused.run_id]);
      assert.match(result.reply ?? '', /with a reviewer/);
    });

    it('serves tickets with the seed 000 trace fields', async () => {
      const paused = ChatResultSchema.parse((await post('/chat', { message: 'I want a refund of $42.50' })).body);
      await post('/chat', { thread_id: paused.thread_id, approval: true });
      const detail = await get(`/api/projects/default/tickets/${paused.ticket}`);
      assert.equal(detail.status, 200);
      const ticket = TicketDetailSchema.parse(detail.body);
      assert.equal(ticket.status, 'resolved');
      const steps = ticket.runs.flatMap((r) => r.steps);
      assert.deepEqual(steps.map((s) => s.node), ['classify', 'human_gate', 'human_gate', 'issue_refund']);
      const triage = steps[0]!;
      assert.equal(triage.layer, 'triage');
      for (const field of ['source', 'category', 'priority', 'route', 'current_layer', 'confidence', 'decision', 'input_snapshot', 'tags']) {
        assert.ok(field in triage.output, `triage payload has ${field}`);
      }
      const refundCall = steps[3]!.tool_calls[0]!;
      assert.equal(refundCall.tool, 'issue_refund');
      assert.equal(refundCall.status, 'succeeded');
      assert.deepEqual(refundCall.input, { amount_cents: 4250, currency: 'USD', order_id: null, reason: 'I want a refund of $42.50' });
      assert.equal(steps[2]!.layer, 'human');

      const list = await get('/api/projects/default/tickets?status=resolved');
      assert.ok((list.body['tickets'] as Json[]).some((row) => row['number'] === paused.ticket));
      const missing = await get('/api/projects/default/tickets/TKT-99999');
      assert.deepEqual([missing.status, (missing.body['error'] as Json)['code']], [404, 'ticket_not_found']);
    });
  });
}
