// Seed 000's handoff: the offer, the customer's acceptance creating a handoff task with context,
// the bot staying quiet while a person owns the conversation, and declines or new requests.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createHttpApp } from '../../src/api/http-app.ts';
import { apiApp } from '../support/api-app.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

async function lastStepPayload(sb: Switchboard, runId: string): Promise<Record<string, unknown>> {
  const step = await sb.db.kysely.selectFrom('steps').select('output').where('run_id', '=', runId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  return JSON.parse(step.output) as Record<string, unknown>;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`human handoff (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);

    it('offers a human on an explicit request, with seed 000 fields', async (t) => {
      const sb = await open(t);
      const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to human?' });
      assert.equal(offered.status, 'AWAITING_CUSTOMER');
      assert.match(offered.reply ?? '', /A human specialist can take over this conversation/);
      const payload = await lastStepPayload(sb, offered.run_id);
      assert.equal(payload['decision'], 'offer_human_handoff');
      assert.equal(payload['human_handoff_available'], true);
      assert.equal(payload['source'], 'human_handoff_intent');
      assert.equal(payload['route'], 'offer_human_handoff');
      assert.equal(await sb.db.kysely.selectFrom('human_tasks').select('id').execute().then((r) => r.length), 0, 'nothing is handed over before the customer accepts');
    });

    it('hands the conversation to a person on acceptance, and the bot stays quiet after', async (t) => {
      const sb = await open(t);
      const offered = await sb.chat.postMessage({ projectId, message: 'I want to speak to a real person about order ORD-1002' });
      const accepted = await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes please' });
      assert.equal(accepted.status, 'WITH_HUMAN');
      assert.match(accepted.reply ?? '', /connecting you with a member of our team/);
      const [task] = await sb.tasks.list(projectId, { type: 'handoff' });
      assert.equal(task?.status, 'pending');
      assert.equal(task?.priority, 'high');
      assert.equal(task?.context['order_id'], 'ORD-1002');
      assert.equal(task?.context['original_request'], 'I want to speak to a real person about order ORD-1002');
      const ticket = await sb.tickets.find(projectId, offered.thread_id);
      assert.equal(ticket.status, 'with_human');

      const runsBefore = await sb.db.kysely.selectFrom('runs').select('id').execute();
      const quiet = await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'hello? anyone there?' });
      assert.equal(quiet.status, 'WITH_HUMAN');
      assert.equal(quiet.reply, null, 'the bot does not answer');
      assert.equal((await sb.db.kysely.selectFrom('runs').select('id').execute()).length, runsBefore.length, 'no run starts');
      const messages = await sb.chat.thread(projectId, offered.thread_id);
      assert.equal(messages.messages.at(-1)?.body, 'hello? anyone there?', 'the message is kept for the person');
      assert.equal(messages.status, 'WITH_HUMAN');
    });

    it('gives the conversation back to the bot when the person hands it back', async (t) => {
      const sb = await open(t);
      const offered = await sb.chat.postMessage({ projectId, message: 'talk to an agent' });
      await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes' });
      const [task] = await sb.tasks.list(projectId, { type: 'handoff' });
      await sb.tasks.resolve(projectId, task?.id ?? '', { respondedBy: 'alice', decision: 'handed_back', notes: 'over to the assistant' });
      assert.equal((await sb.tickets.find(projectId, offered.thread_id)).status, 'in_progress');
      const next = await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'What is your return policy?' });
      assert.equal(next.status, 'DONE');
      assert.match(next.reply ?? '', /30 days/);
    });

    it('resolves the ticket when the person resolves the handoff', async (t) => {
      const sb = await open(t);
      const offered = await sb.chat.postMessage({ projectId, message: 'talk to an agent' });
      await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes' });
      const [task] = await sb.tasks.list(projectId, { type: 'handoff' });
      await sb.tasks.resolve(projectId, task?.id ?? '', { respondedBy: 'alice', decision: 'resolved', notes: 'refunded by phone' });
      assert.equal((await sb.tickets.find(projectId, offered.thread_id)).status, 'resolved');
    });

    it("delivers a person's replies to the customer through the API, and refuses bad ones", async (t) => {
      const sb = await open(t);
      const app = await apiApp(sb, { role: 'agent' });
      const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const offered = await sb.chat.postMessage({ projectId, message: 'talk to an agent' });
      await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes' });

      const sent = await post(`/api/projects/default/tickets/${offered.ticket}/messages`, { author: 'alice', body: 'Hi, Alice here. Let me look into this.' });
      assert.equal(sent.status, 201);
      const thread = await sb.chat.thread(projectId, offered.thread_id);
      assert.deepEqual([thread.messages.at(-1)?.role, thread.messages.at(-1)?.author], ['reviewer', 'alice']);
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'message.sent').execute();
      assert.deepEqual(audit.map((row) => ({ ...row })), [{ actor: 'alice', action: 'message.sent' }]);

      const before = await sb.db.kysely.selectFrom('messages').select('id').execute();
      assert.equal((await post('/api/projects/default/tickets/TKT-9999/messages', { author: 'alice', body: 'hi' })).status, 404);
      assert.equal((await post(`/api/projects/default/tickets/${offered.ticket}/messages`, { author: 'alice', body: '' })).status, 400);
      assert.equal((await sb.db.kysely.selectFrom('messages').select('id').execute()).length, before.length, 'a refused reply stores nothing');
    });

    it('accepts the offer through the API, and refuses an answer when nothing is on offer', async (t) => {
      const sb = await open(t);
      const app = createHttpApp(sb);
      const answer = (threadId: string, accept: boolean) => app.request(`/chat/${threadId}/handoff`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accept }) });
      const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to human?' });
      const accepted = await answer(offered.thread_id, true);
      assert.equal(accepted.status, 200);
      assert.equal(((await accepted.json()) as { status: string }).status, 'WITH_HUMAN');
      assert.equal((await sb.tasks.list(projectId, { type: 'handoff' })).length, 1);

      const again = await answer(offered.thread_id, true);
      assert.equal(again.status, 409, 'the offer was already answered');
      const faq = await sb.chat.postMessage({ projectId, message: 'What is your return policy?' });
      assert.equal((await answer(faq.thread_id, false)).status, 409);
      assert.equal((await answer('thr_doesnotexist', true)).status, 404);
    });

    it('keeps helping when the customer declines, and triages a new request given instead', async (t) => {
      const sb = await open(t);
      const offered = await sb.chat.postMessage({ projectId, message: 'can I talk to human?' });
      const declined = await sb.chat.postMessage({ projectId, threadId: offered.thread_id, message: 'no thanks' });
      assert.equal(declined.status, 'AWAITING_CUSTOMER');
      assert.match(declined.reply ?? '', /I'm still here/);

      const again = await sb.chat.postMessage({ projectId, message: 'is there a human I can talk to' });
      const moved = await sb.chat.postMessage({ projectId, threadId: again.thread_id, message: 'Where is my order ORD-1001?' });
      assert.equal(moved.status, 'DONE');
      assert.match(moved.reply ?? '', /Order ORD-1001/);
      assert.equal(await sb.db.kysely.selectFrom('human_tasks').select('id').execute().then((r) => r.length), 0);
    });
  });
}
