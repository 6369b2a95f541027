// The specialist agent against a real HTTP model server speaking the OpenAI wire format: the engine runs
// the tool loop, policy gates money, a rejection's reason reaches the model, and a failing model falls
// back to the offline path so the customer always hears something.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { resolveCall, scriptAgent, toolResultsSent } from '../support/agent-script.ts';
import { switchboardWithModel } from '../support/model-switchboard.ts';

const projectId = 'default';
const refundMessage = 'I was charged twice for order ORD-1002. Please refund $129.99 to sara@example.com';
const refundArgs = { amount_cents: 12999, currency: 'USD', order_id: 'ORD-1002', reason: 'charged twice' };

async function stepsOf(sb: Switchboard, runId: string) {
  return sb.db.kysely.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
}

for (const dialect of await dialectsUnderTest()) {
  for (const stream of [false, true]) {
    describe(`specialist agent with a model (${dialect}, ${stream ? 'streaming' : 'not streaming'})`, () => {
      it('looks up, proposes a refund the engine gates, and finishes with a Resolution after approval', async (t) => {
        const { sb, fake } = await switchboardWithModel(t, dialect, { stream });
        fake.respondWith(
          scriptAgent({
            triage: { label: 'refund', confidence: 0.9, reasoning_summary: 'refund request' },
            turns: [
              { text: 'Let me check the order.', toolCalls: [{ name: 'lookup_order', args: { order_id: 'ORD-1002' } }], usage: { promptTokens: 120, completionTokens: 20 } },
              { toolCalls: [{ name: 'issue_refund', args: refundArgs }] },
              { toolCalls: [resolveCall('Your refund of $129.99 has been issued.', { action: 'refunded $129.99' })] },
            ],
          }),
        );
        const paused = await sb.chat.postMessage({ projectId, message: refundMessage });
        assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
        const task = await sb.tasks.get(projectId, paused.task_id ?? '');
        assert.deepEqual(task.tool_call, { tool: 'issue_refund', args: refundArgs });
        assert.equal(await sb.db.kysely.selectFrom('demo_refunds').select('id').execute().then((r) => r.length), 0);

        const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
        assert.equal(done.status, 'DONE');
        assert.equal(done.reply, 'Your refund of $129.99 has been issued.');
        const refunds = await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute();
        assert.equal(refunds.length, 1);
        assert.equal(refunds[0]?.amount_cents, 12999);

        const steps = await stepsOf(sb, paused.run_id);
        assert.deepEqual(
          steps.map((s) => [s.node, s.source, s.decision]),
          [
            ['classify', steps[0]?.source, 'triage'],
            ['specialist', 'llm', 'tool_calls'],
            ['agent_tool', 'tool', 'tool_called'],
            ['specialist', 'llm', 'tool_calls'],
            ['agent_tool', 'policy', 'approval_required'],
            ['agent_tool', 'human', 'approved'],
            ['agent_tool', 'tool', 'tool_called'],
            ['specialist', 'llm', 'answered'],
          ],
        );
        const first = steps[1];
        assert.equal(first?.tokens_in, 120);
        assert.equal(first?.tokens_out, 20);
        assert.ok((first?.cost_usd ?? 0) > 0, 'the cost of a model step is recorded');
        const final = JSON.parse(steps.at(-1)?.output ?? '{}') as Record<string, unknown>;
        assert.deepEqual(final['resolution'], { category: 'refund', action_taken: 'refunded $129.99', response_to_customer: 'Your refund of $129.99 has been issued.', requires_followup: false });
        const lastRequest = fake.requests.at(-1);
        assert.equal(lastRequest?.stream === true, stream);
        const results = toolResultsSent(lastRequest);
        assert.equal((results[1] as { status?: string }).status, 'refund_issued', 'the refund result went back to the model');
      });

      it("sends a rejection's reason back to the model and tells the customer its answer", async (t) => {
        const { sb, fake } = await switchboardWithModel(t, dialect, { stream });
        fake.respondWith(
          scriptAgent({
            turns: [
              { toolCalls: [{ name: 'issue_refund', args: refundArgs }] },
              { toolCalls: [resolveCall('A reviewer declined the refund: this order was refunded already.', { action: 'refund rejected' })] },
            ],
          }),
        );
        const paused = await sb.chat.postMessage({ projectId, message: refundMessage });
        assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
        const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: false, reason: 'refunded already on Monday', respondedBy: 'bob' });
        assert.equal(done.status, 'DONE');
        assert.match(done.reply ?? '', /declined/);
        assert.deepEqual(toolResultsSent(fake.requests.at(-1)).at(-1), { status: 'rejected_by_reviewer', reason: 'refunded already on Monday' });
        assert.equal(await sb.db.kysely.selectFrom('demo_refunds').select('id').execute().then((r) => r.length), 0);
      });
    });
  }

  describe(`model triage (${dialect})`, () => {
    it('asks the model with structured output when the classifier is unsure, and records its tokens', async (t) => {
      const { sb, fake } = await switchboardWithModel(t, dialect);
      fake.respondWith(scriptAgent({ triage: { label: 'faq_shipping', confidence: 0.82, reasoning_summary: 'asks how long parcels take' }, turns: [] }));
      const answered = await sb.chat.postMessage({ projectId, message: 'zzq blorp wibble' });
      assert.equal(answered.status, 'DONE');
      assert.match(answered.reply ?? '', /Orders ship within 1 business day/);
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0]?.response_format?.type, 'json_schema', 'triage asks for structured output');
      const [classify] = await stepsOf(sb, answered.run_id);
      assert.equal(classify?.source, 'llm');
      assert.equal(classify?.confidence, 0.82);
      assert.ok((classify?.tokens_in ?? 0) > 0);
      const payload = JSON.parse(classify?.output ?? '{}') as Record<string, unknown>;
      assert.equal(payload['reasoning_summary'], 'asks how long parcels take');
    });
  });

  describe(`specialist agent when the model misbehaves (${dialect})`, () => {
    it('refuses a call to an unknown tool and tells the model', async (t) => {
      const { sb, fake } = await switchboardWithModel(t, dialect);
      fake.respondWith(scriptAgent({ turns: [{ toolCalls: [{ name: 'delete_all_orders', args: {} }] }, { toolCalls: [resolveCall('I cannot do that, sorry.', { category: 'order_status' })] }] }));
      const done = await sb.chat.postMessage({ projectId, message: 'Where is my order ORD-1001?' });
      assert.equal(done.status, 'DONE');
      assert.equal(done.reply, 'I cannot do that, sorry.');
      const refused = (await stepsOf(sb, done.run_id)).find((s) => s.decision === 'unknown_tool');
      assert.ok(refused, 'the unknown call is a refused step in the trace');
      assert.match(JSON.stringify(toolResultsSent(fake.requests.at(-1))), /no tool named \\"delete_all_orders\\"/i);
    });

    it('falls back to the offline path when the model keeps failing', async (t) => {
      const { sb, fake } = await switchboardWithModel(t, dialect);
      fake.respondWith(() => ({ status: 500, body: { error: { message: 'overloaded' } } }));
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for ORD-1001' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL', 'the offline refund gate takes over');
      const steps = await stepsOf(sb, paused.run_id);
      assert.ok(steps.some((s) => s.decision === 'model_unavailable'));
      assert.ok(fake.requests.length >= 2, 'the failing call was retried');
    });

    it('falls back when the model answers with something that is not JSON, or not at all', async (t) => {
      const { sb, fake } = await switchboardWithModel(t, dialect, { timeoutMs: 300 });
      fake.enqueue({ rawBody: 'this is not json' }, { rawBody: 'still not json' }, { hang: true }, { hang: true });
      fake.respondWith(() => ({ hang: true }));
      const answered = await sb.chat.postMessage({ projectId, message: 'Where is my order ORD-1001?' });
      assert.equal(answered.status, 'DONE');
      assert.match(answered.reply ?? '', /ORD-1001/);
    });
  });
}
