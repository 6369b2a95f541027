// Seed 004's default workflow end to end through the chat contract: triage, the approval gate, and the
// refund that happens exactly once.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { isSwitchboardError, type SwitchboardError } from '../../src/domain/errors.ts';
import type { Database } from '../../src/store/schema.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

for (const dialect of await dialectsUnderTest()) {
  describe(`refund flow through the chat contract (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);

    it('pauses a refund request for approval with a task proposing the refund', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      assert.ok(paused.task_id, 'the result names the human task');
      assert.match(paused.reply ?? '', /passed your refund request of \$42\.50 to a reviewer/);
      const task = await sb.tasks.get(projectId, paused.task_id);
      assert.equal(task.status, 'pending');
      assert.equal(task.run_id, paused.run_id);
      assert.deepEqual(task.tool_call, { tool: 'issue_refund', args: { amount_cents: 4250, currency: 'USD', order_id: null, reason: 'I want a refund of $42.50' } });
      assert.equal((await sb.tickets.find(projectId, paused.thread_id)).status, 'awaiting_approval');
      assert.equal(await count(sb, 'demo_refunds'), 0, 'nothing is refunded before the decision');
    });

    it('issues an approved refund exactly once and tells the customer', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE');
      assert.equal(done.run_id, paused.run_id);
      assert.equal(done.action_result, 'Refund issued: $42.50');
      assert.match(done.reply ?? '', /your refund of \$42\.50 has been issued/);
      const refunds = await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute();
      assert.equal(refunds.length, 1);
      assert.equal(refunds[0]?.amount_cents, 4250);
      assert.equal(refunds[0]?.currency, 'USD');
      assert.equal(refunds[0]?.attempts, 1);
      assert.equal((await sb.tickets.find(projectId, paused.thread_id)).status, 'resolved');
      assert.deepEqual(await customerReplies(sb, paused.thread_id), [paused.reply, done.reply]);
    });

    it("denies a rejected refund with the reviewer's reason and refunds nothing", async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: false, reason: 'the order was never paid', respondedBy: 'alice' });
      assert.equal(done.status, 'DONE');
      assert.ok(done.action_result?.startsWith('Refund denied'), `action_result was ${done.action_result}`);
      assert.equal(done.action_result, 'Refund denied: the order was never paid');
      assert.match(done.reply ?? '', /was not approved, because the order was never paid/);
      assert.equal(await count(sb, 'demo_refunds'), 0);
      assert.equal(await count(sb, 'tool_calls'), 0, 'a denied refund never reaches the tool');
      assert.deepEqual(await customerReplies(sb, paused.thread_id), [paused.reply, done.reply]);
    });

    it('answers a FAQ at once and resolves the ticket', async (t) => {
      const sb = await open(t);
      const result = await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' });
      assert.equal(result.status, 'DONE');
      assert.match(result.reply ?? '', /standard delivery takes 3–5 business days/);
      assert.equal(result.task_id, undefined);
      const ticket = await sb.tickets.find(projectId, result.thread_id);
      assert.equal(ticket.status, 'resolved');
      assert.equal(ticket.category, 'faq');
    });

    it('logs a reported problem as a ticket for the support team', async (t) => {
      const sb = await open(t);
      const result = await sb.chat.postMessage({ projectId, message: 'The app crashes when I open my order page' });
      assert.equal(result.status, 'DONE');
      assert.match(result.reply ?? '', new RegExp(`logged this as ticket ${result.ticket}`));
      const ticket = await sb.tickets.find(projectId, result.thread_id);
      assert.equal(ticket.status, 'with_human');
      assert.equal(ticket.category, 'technical');
    });

    it('asks for the amount when a refund names none, and continues the same run with the answer', async (t) => {
      const sb = await open(t);
      const asked = await sb.chat.postMessage({ projectId, message: 'I want a refund for my order' });
      assert.equal(asked.status, 'AWAITING_CUSTOMER');
      assert.match(asked.reply ?? '', /How much should be refunded/);
      assert.equal((await sb.tickets.find(projectId, asked.thread_id)).status, 'awaiting_customer');

      const paused = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: 'It was $59.99 for ORD-1002' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      assert.equal(paused.thread_id, asked.thread_id);
      assert.equal(paused.run_id, asked.run_id, 'the answer resumes the waiting run instead of starting another');
      assert.ok(paused.task_id);
      const task = await sb.tasks.get(projectId, paused.task_id);
      assert.deepEqual(task.tool_call?.args, { amount_cents: 5999, currency: 'USD', order_id: 'ORD-1002', reason: 'I want a refund for my order' });
      assert.equal(await count(sb, 'runs'), 1);
    });

    it('keeps asking while the follow-up still names no amount', async (t) => {
      const sb = await open(t);
      const asked = await sb.chat.postMessage({ projectId, message: 'I want a refund for my order' });
      const again = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: 'The blue one' });
      assert.equal(again.status, 'AWAITING_CUSTOMER');
      assert.equal(again.run_id, asked.run_id);
      assert.equal(await count(sb, 'human_tasks'), 0);
    });

    it('keeps a customer message sent while the thread waits for a reviewer, without running anything', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const held = await sb.chat.postMessage({ projectId, threadId: paused.thread_id, message: 'Any news?' });
      assert.equal(held.status, 'PAUSED_FOR_APPROVAL');
      assert.match(held.reply ?? '', /with a reviewer/);
      assert.equal(await count(sb, 'runs'), 1);
      assert.equal(await count(sb, 'human_tasks'), 1);
      const thread = await sb.chat.thread(projectId, paused.thread_id);
      assert.equal(thread.messages.filter((message) => message.role === 'customer').at(-1)?.body, 'Any news?', 'the reviewer sees it in the conversation');
      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE', 'the approval still resumes the run');
    });

    it('tells the customer and hands the ticket over when the payment side refuses an approved refund', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'Please refund $60.00 for order ORD-9999' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE', 'the run finishes instead of retrying a refusal');
      assert.match(done.reply ?? '', /couldn't issue the refund of \$60\.00: Order ORD-9999 does not exist/);
      assert.equal((await sb.tickets.find(projectId, paused.thread_id)).status, 'with_human');
      assert.equal(await count(sb, 'demo_refunds'), 0);
    });

    it('auto-approves a refund within the policy limit and issues it without a reviewer', async (t) => {
      const sb = await open(t);
      const done = await sb.chat.postMessage({ projectId, message: 'Could you refund $12.00 for ORD-1001?' });
      assert.equal(done.status, 'DONE');
      assert.equal(done.action_result, 'Refund issued: $12.00');
      assert.equal(await count(sb, 'human_tasks'), 0);
      assert.equal(await count(sb, 'demo_refunds'), 1);
    });

    it('rejects a message or a decision on an unknown thread with thread_not_found', async (t) => {
      const sb = await open(t);
      assert.equal((await rejection(sb.chat.postMessage({ projectId, threadId: 'thr_unknown', message: 'Hello?' }))).code, 'thread_not_found');
      assert.equal((await rejection(sb.chat.decide({ projectId, threadId: 'thr_unknown', approval: true, respondedBy: 'alice' }))).code, 'thread_not_found');
      assert.equal(await count(sb, 'messages'), 0, 'nothing was written for the unknown thread');
    });

    it('rejects an approval on a thread that is not paused for one with not_awaiting_approval', async (t) => {
      const sb = await open(t);
      const answered = await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' });
      const asking = await sb.chat.postMessage({ projectId, message: 'I want a refund for my order' });
      for (const threadId of [answered.thread_id, asking.thread_id]) {
        const error = await rejection(sb.chat.decide({ projectId, threadId, approval: true, respondedBy: 'alice' }));
        assert.equal(error.code, 'not_awaiting_approval');
      }
      assert.equal(await count(sb, 'demo_refunds'), 0);
    });

    it('rejects a second decision on a decided task with already_decided and changes nothing', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      assert.ok(paused.task_id);
      await sb.tasks.resolve(projectId, paused.task_id, { respondedBy: 'alice', decision: 'approved' });
      const before = await everything(sb);

      const error = await rejection(sb.tasks.resolve(projectId, paused.task_id, { respondedBy: 'bob', decision: 'rejected', notes: 'too late' }));
      assert.equal(error.code, 'already_decided');
      assert.equal(error.details?.['decision'], 'approved');
      assert.equal(error.details?.['respondedBy'], 'alice');
      assert.deepEqual(await everything(sb), before);
    });
  });
}

type CountedTable = keyof Database;

async function count(sb: Switchboard, table: CountedTable): Promise<number> {
  const row = await sb.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every row the engine writes, for "nothing changed" assertions. */
async function everything(sb: Switchboard): Promise<Record<string, unknown[]>> {
  const db = sb.db.kysely;
  return {
    runs: await db.selectFrom('runs').selectAll().orderBy('id').execute(),
    steps: await db.selectFrom('steps').selectAll().orderBy('id').execute(),
    tasks: await db.selectFrom('human_tasks').selectAll().orderBy('id').execute(),
    messages: await db.selectFrom('messages').selectAll().orderBy('id').execute(),
    toolCalls: await db.selectFrom('tool_calls').selectAll().orderBy('id').execute(),
    refunds: await db.selectFrom('demo_refunds').selectAll().orderBy('id').execute(),
    outbox: await db.selectFrom('outbox').selectAll().orderBy('id').execute(),
    audit: await db.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}

async function customerReplies(sb: Switchboard, threadId: string): Promise<string[]> {
  const ticket = await sb.tickets.detail(projectId, threadId);
  return ticket.messages.filter((m) => m.role === 'assistant').map((m) => m.body);
}

async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isSwitchboardError(error), `expected a SwitchboardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to be rejected');
}
