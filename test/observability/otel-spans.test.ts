// A run as OpenTelemetry spans under the GenAI conventions, recorded by an in-memory exporter: an
// `invoke_agent` span per stretch of the run with `chat` and `execute_tool` children, a resumption
// (here in another process) linked to the span before the pause, and no content unless captured.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createSwitchboard, type Switchboard } from '../../src/app/switchboard.ts';
import type { LoadedConfig } from '../../src/config/load-config.ts';
import { createModelClient } from '../../src/llm/model-client.ts';
import { resolveModelConfig } from '../../src/llm/model-config.ts';
import { resolveCall, scriptAgent } from '../support/agent-script.ts';
import { sharedCacheDir } from '../support/cli-process.ts';
import { createTestDatabase, dialectsUnderTest, type DialectName, type TestDatabase } from '../support/dialects.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';

const projectId = 'default';
const refundMessage = 'I was charged twice for order ORD-1002. Please refund $129.99 to sara@example.com';
const refundArgs = { amount_cents: 12999, currency: 'USD', order_id: 'ORD-1002', reason: 'charged twice' };
const firstTurnText = 'Let me check the order.';
const finalReply = 'Your refund of $129.99 has been issued.';
/** Text only the customer, the model or a tool wrote: none of it may reach a span by default. */
const contentFragments = ['charged twice', 'sara@example.com', 'ORD-1002', firstTurnText, finalReply, 'refund_issued', 'refunded $129.99'];
const contentAttributes = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'];

const agentScript = scriptAgent({
  triage: { label: 'refund', confidence: 0.9, reasoning_summary: 'refund request' },
  turns: [
    { text: firstTurnText, toolCalls: [{ name: 'lookup_order', args: { order_id: 'ORD-1002' } }], usage: { promptTokens: 120, completionTokens: 20 } },
    { toolCalls: [{ name: 'issue_refund', args: refundArgs }] },
    { toolCalls: [resolveCall(finalReply, { action: 'refunded $129.99' })] },
  ],
});

function tracing() {
  const exporter = new InMemorySpanExporter();
  return { exporter, provider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) };
}

/** One process: a Switchboard on `database` whose model is the fake server and whose spans go to `provider`. */
async function processOn(t: TestContext, database: TestDatabase, fake: FakeOpenAI, provider: BasicTracerProvider, config: LoadedConfig = demoConfigWith()): Promise<{ sb: Switchboard; stop: () => Promise<void> }> {
  const settings = resolveModelConfig({ model: 'compatible/test-model', base_url: fake.url, timeout_ms: 5_000, max_retries: 0 }, {});
  if (!settings) throw new Error('model settings did not resolve');
  const sb = await createSwitchboard({ store: database.target, pollMs: 20, cacheDir: sharedCacheDir, config, model: createModelClient(settings), tracerProvider: provider });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= sb.close());
  t.after(stop);
  return { sb, stop };
}

async function testBed(t: TestContext, dialect: DialectName) {
  const database = await createTestDatabase(dialect);
  t.after(() => database.drop());
  const fake = await startFakeOpenAI();
  t.after(() => fake.close());
  return { database, fake };
}

function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = named(spans, name);
  assert.equal(found.length, 1, `one span named "${name}" among ${spans.map((span) => span.name).join(', ')}`);
  return found[0] as ReadableSpan;
}

function assertChildOf(child: ReadableSpan, parent: ReadableSpan): void {
  assert.equal(child.spanContext().traceId, parent.spanContext().traceId, `${child.name} is in ${parent.name}'s trace`);
  assert.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId, `${child.name} is a child of ${parent.name}`);
}

async function journalKey(sb: Switchboard, runId: string, tool: string): Promise<string> {
  const row = await sb.db.kysely.selectFrom('tool_calls').select('idempotency_key').where('run_id', '=', runId).where('tool', '=', tool).executeTakeFirstOrThrow();
  return row.idempotency_key;
}

/** Every attribute value of every span and span event, as text. */
function everyAttributeValue(spans: readonly ReadableSpan[]): string[] {
  return spans.flatMap((span) => [span.attributes, ...span.events.map((event) => event.attributes ?? {}), ...span.links.map((link) => link.attributes ?? {})].flatMap((attributes) => Object.values(attributes).map((value) => JSON.stringify(value))));
}

for (const dialect of await dialectsUnderTest()) {
  describe(`run spans (${dialect})`, () => {
    it('a refund run is an invoke_agent span with chat and execute_tool children, and its resumption in another process links to the span before the pause', async (t) => {
      const { database, fake } = await testBed(t, dialect);
      fake.respondWith(agentScript);
      const first = tracing();
      const { sb: before, stop: stopFirst } = await processOn(t, database, fake, first.provider);
      const paused = await before.chat.postMessage({ projectId, message: refundMessage });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');

      const pausedSpans = first.exporter.getFinishedSpans();
      const agent = only(pausedSpans, 'invoke_agent support-triage');
      assert.equal(agent.kind, SpanKind.INTERNAL);
      assert.equal(agent.parentSpanContext, undefined, 'a run starts its own trace');
      assert.deepEqual(agent.links, []);
      assert.equal(agent.attributes['gen_ai.operation.name'], 'invoke_agent');
      assert.equal(agent.attributes['gen_ai.agent.name'], 'support-triage');
      assert.equal(agent.attributes['gen_ai.conversation.id'], paused.thread_id);
      assert.equal(agent.attributes['switchboard.run.id'], paused.run_id);
      assert.equal(agent.attributes['switchboard.run.resumed'], false);
      assert.equal(agent.attributes['switchboard.run.status'], 'waiting');

      const chats = named(pausedSpans, 'chat test-model');
      assert.ok(chats.length >= 2, `the two specialist turns before the pause are chat spans (got ${chats.length})`);
      for (const chat of chats) {
        assertChildOf(chat, agent);
        assert.equal(chat.kind, SpanKind.CLIENT);
        assert.equal(chat.attributes['gen_ai.operation.name'], 'chat');
        assert.equal(chat.attributes['gen_ai.provider.name'], 'compatible');
        assert.equal(chat.attributes['gen_ai.request.model'], 'test-model');
      }
      const lookupTurn = chats.find((chat) => chat.attributes['gen_ai.usage.input_tokens'] === 120);
      assert.equal(lookupTurn?.attributes['gen_ai.usage.output_tokens'], 20, 'the first turn reports its usage');
      assert.deepEqual(lookupTurn?.attributes['gen_ai.response.finish_reasons'], ['tool-calls']);

      const lookup = only(pausedSpans, 'execute_tool lookup_order');
      assertChildOf(lookup, agent);
      assert.equal(lookup.attributes['gen_ai.operation.name'], 'execute_tool');
      assert.equal(lookup.attributes['gen_ai.tool.name'], 'lookup_order');
      assert.equal(lookup.attributes['gen_ai.tool.call.id'], await journalKey(before, paused.run_id, 'lookup_order'));
      assert.deepEqual(named(pausedSpans, 'execute_tool issue_refund'), [], 'nothing is refunded before the decision');
      await stopFirst();

      // The reviewer's decision reaches another process, hours later as far as the spans know.
      const second = tracing();
      const { sb: after } = await processOn(t, database, fake, second.provider);
      const done = await after.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE');

      const resumedSpans = second.exporter.getFinishedSpans();
      const resumed = only(resumedSpans, 'invoke_agent support-triage');
      assert.equal(resumed.parentSpanContext, undefined);
      assert.deepEqual(
        resumed.links.map((link) => [link.context.traceId, link.context.spanId]),
        [[agent.spanContext().traceId, agent.spanContext().spanId]],
        'the resumption links to the span that paused',
      );
      assert.equal(resumed.attributes['switchboard.run.resumed'], true);
      assert.equal(resumed.attributes['switchboard.run.status'], 'completed');
      assert.equal(resumed.attributes['gen_ai.conversation.id'], paused.thread_id);
      const refund = only(resumedSpans, 'execute_tool issue_refund');
      assertChildOf(refund, resumed);
      assert.equal(refund.attributes['gen_ai.tool.call.id'], await journalKey(after, paused.run_id, 'issue_refund'));
      const finalTurn = only(resumedSpans, 'chat test-model');
      assertChildOf(finalTurn, resumed);
      assert.equal(first.exporter.getFinishedSpans().length, pausedSpans.length, 'the first process recorded nothing more');
    });

    it('keeps message text, model answers and tool arguments and results off every span by default', async (t) => {
      const { database, fake } = await testBed(t, dialect);
      fake.respondWith(agentScript);
      const { exporter, provider } = tracing();
      const { sb } = await processOn(t, database, fake, provider);
      const paused = await sb.chat.postMessage({ projectId, message: refundMessage });
      assert.equal((await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' })).status, 'DONE');

      const spans = exporter.getFinishedSpans();
      assert.ok(named(spans, 'execute_tool issue_refund').length === 1 && named(spans, 'chat test-model').length >= 3, 'the whole run was traced');
      for (const span of spans) for (const key of contentAttributes) assert.equal(span.attributes[key], undefined, `${span.name} has no ${key}`);
      const values = everyAttributeValue(spans);
      for (const fragment of contentFragments) assert.deepEqual(values.filter((value) => value.includes(fragment)), [], `"${fragment}" is on no span`);
    });

    it('puts the content on the spans when telemetry.capture_content is on', async (t) => {
      const { database, fake } = await testBed(t, dialect);
      fake.respondWith(agentScript);
      const { exporter, provider } = tracing();
      const config = demoConfigWith((text) => `${text}\ntelemetry:\n  capture_content: true\n`);
      const { sb } = await processOn(t, database, fake, provider, config);
      const paused = await sb.chat.postMessage({ projectId, message: refundMessage });
      await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });

      const spans = exporter.getFinishedSpans();
      const lookupTurn = named(spans, 'chat test-model').find((chat) => chat.attributes['gen_ai.usage.input_tokens'] === 120);
      const input = JSON.parse(String(lookupTurn?.attributes['gen_ai.input.messages'])) as { role: string; parts: { type: string; content?: string }[] }[];
      assert.equal(input[0]?.role, 'user');
      assert.match(input[0]?.parts[0]?.content ?? '', /charged twice for order ORD-1002/);
      const output = JSON.parse(String(lookupTurn?.attributes['gen_ai.output.messages'])) as { role: string; parts: { type: string; content?: string; name?: string }[] }[];
      assert.deepEqual(output[0]?.parts.map((part) => [part.type, part.content ?? part.name]), [['text', firstTurnText], ['tool_call', 'lookup_order']]);
      assert.equal(typeof lookupTurn?.attributes['gen_ai.system_instructions'], 'string');

      const lookup = only(spans, 'execute_tool lookup_order');
      assert.deepEqual(JSON.parse(String(lookup.attributes['gen_ai.tool.call.arguments'])), { order_id: 'ORD-1002' });
      const refund = only(spans, 'execute_tool issue_refund');
      assert.deepEqual(JSON.parse(String(refund.attributes['gen_ai.tool.call.arguments'])), refundArgs);
      assert.match(String(refund.attributes['gen_ai.tool.call.result']), /refund_issued/);
    });

    it('marks a failed model call with error.type and an error status', async (t) => {
      const { database, fake } = await testBed(t, dialect);
      fake.respondWith(() => ({ status: 500, body: { error: { message: 'overloaded' } } }));
      const { exporter, provider } = tracing();
      const { sb } = await processOn(t, database, fake, provider);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for ORD-1001' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL', 'the offline path takes over');

      const spans = exporter.getFinishedSpans();
      const agent = only(spans, 'invoke_agent support-triage');
      const failed = named(spans, 'chat test-model');
      assert.ok(failed.length >= 1);
      for (const chat of failed) {
        assertChildOf(chat, agent);
        assert.equal(chat.attributes['error.type'], 'model_unavailable');
        assert.equal(chat.status.code, SpanStatusCode.ERROR);
        assert.equal(chat.attributes['gen_ai.usage.input_tokens'], undefined);
      }
      assert.notEqual(agent.status.code, SpanStatusCode.ERROR, 'the run itself went on');
    });
  });
}
