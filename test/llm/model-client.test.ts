import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { SwitchboardError } from '../../src/domain/errors.ts';
import type { ErrorCode } from '../../src/domain/errors.ts';
import { createModelClient } from '../../src/llm/model-client.ts';
import type { ChatMessage, ModelClient, ToolSpec } from '../../src/llm/model-client.ts';
import type { ModelConfig, ModelProvider } from '../../src/llm/model-config.ts';
import { startFakeOpenAI } from '../support/fake-openai-server.ts';
import type { FakeOpenAI } from '../support/fake-openai-server.ts';

const tools: ToolSpec[] = [
  {
    name: 'lookup_order',
    description: 'Find an order by id.',
    inputSchema: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'], additionalProperties: false },
  },
  {
    name: 'issue_refund',
    description: 'Refund part or all of an order.',
    inputSchema: { type: 'object', properties: { orderId: { type: 'string' }, amountCents: { type: 'integer' } }, required: ['orderId', 'amountCents'] },
  },
];

const hello: ChatMessage[] = [{ role: 'user', content: 'Where is my order ORD-1001?' }];

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message: RegExp): Promise<SwitchboardError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof SwitchboardError, `expected a SwitchboardError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.match(caught.message, message);
  return caught;
}

// Both providers that speak Chat Completions (the OpenAI package pinned to `.chat`, and the
// OpenAI-compatible package used for Ollama, vLLM and llama.cpp), each over both wire paths.
const providers: ModelProvider[] = ['openai', 'compatible'];

for (const provider of providers) {
  for (const stream of [false, true]) {
    describe(`model client: ${provider}, ${stream ? 'streaming' : 'whole responses'}`, () => {
      let server: FakeOpenAI;
      const clientFor = (overrides: Partial<ModelConfig> = {}): ModelClient =>
        createModelClient({
          provider,
          model: 'gpt-4o-mini',
          baseUrl: server.url,
          apiKey: 'test-key',
          timeoutMs: 10_000,
          maxRetries: 2,
          price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
          ...overrides,
        });

      beforeEach(async () => {
        server = await startFakeOpenAI();
      });
      afterEach(async () => {
        await server.close();
      });

      it('answers with text, its usage and its cost', async () => {
        server.enqueue({ text: 'Your order ORD-1001 shipped yesterday.', usage: { promptTokens: 1200, completionTokens: 300 } });
        const turn = await clientFor().next({ system: 'You are a support agent.', messages: hello, tools: [], stream });
        assert.deepEqual(turn, {
          text: 'Your order ORD-1001 shipped yesterday.',
          toolCalls: [],
          usage: { inputTokens: 1200, outputTokens: 300, costUsd: 0.00036 },
          finishReason: 'stop',
          modelId: `${provider}/gpt-4o-mini`,
        });
        const [sent] = server.requests;
        assert.equal(sent?.model, 'gpt-4o-mini');
        assert.equal(sent?.stream === true, stream);
        if (stream) assert.deepEqual(sent?.stream_options, { include_usage: true });
        assert.deepEqual(sent?.messages, [
          { role: 'system', content: 'You are a support agent.' },
          { role: 'user', content: 'Where is my order ORD-1001?' },
        ]);
      });

      it('reports the model that answered and no cost when the price is unknown', async () => {
        server.enqueue({ text: 'ok', model: 'gpt-4o-mini-2024-07-18' });
        const turn = await clientFor({ price: null }).next({ system: 's', messages: hello, tools: [], stream });
        assert.equal(turn.modelId, `${provider}/gpt-4o-mini-2024-07-18`);
        assert.deepEqual(turn.usage, { inputTokens: 10, outputTokens: 5, costUsd: null });
      });

      it('proposes tool calls with their arguments and runs nothing', async () => {
        server.enqueue({
          text: 'Let me check.',
          toolCalls: [
            { name: 'lookup_order', args: { orderId: 'ORD-1001' } },
            { name: 'issue_refund', args: { orderId: 'ORD-1001', amountCents: 4250 } },
          ],
        });
        const turn = await clientFor().next({ system: 's', messages: hello, tools, stream });
        assert.equal(turn.text, 'Let me check.');
        assert.equal(turn.finishReason, 'tool-calls');
        assert.deepEqual(turn.toolCalls, [
          { id: 'call_1', name: 'lookup_order', args: { orderId: 'ORD-1001' } },
          { id: 'call_2', name: 'issue_refund', args: { orderId: 'ORD-1001', amountCents: 4250 } },
        ]);
        assert.equal(server.requests.length, 1, 'one model call per turn, no loop');
        assert.deepEqual(
          server.requests[0]?.tools?.map((wire) => [wire.type, wire.function.name, wire.function.description, wire.function.parameters]),
          tools.map((spec) => ['function', spec.name, spec.description, spec.inputSchema]),
        );
      });

      it('sends earlier tool calls and their results, refusals included, in the wire format', async () => {
        server.enqueue({ text: 'Your order shipped; the refund needs approval first.' });
        const messages: ChatMessage[] = [
          ...hello,
          {
            role: 'assistant',
            content: '',
            toolCalls: [
              { id: 'call_a', name: 'lookup_order', args: { orderId: 'ORD-1001' } },
              { id: 'call_b', name: 'issue_refund', args: { orderId: 'ORD-1001', amountCents: 4250 } },
            ],
          },
          { role: 'tool', toolCallId: 'call_a', name: 'lookup_order', result: { status: 'shipped', carrier: 'DHL' } },
          { role: 'tool', toolCallId: 'call_b', name: 'issue_refund', result: 'Rejected by a person: over the refund limit', isError: true },
        ];
        await clientFor().next({ system: 's', messages, tools, stream });
        assert.deepEqual(server.requests[0]?.messages.slice(1), [
          { role: 'user', content: 'Where is my order ORD-1001?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'lookup_order', arguments: '{"orderId":"ORD-1001"}' } },
              { id: 'call_b', type: 'function', function: { name: 'issue_refund', arguments: '{"orderId":"ORD-1001","amountCents":4250}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_a', content: '{"status":"shipped","carrier":"DHL"}' },
          { role: 'tool', tool_call_id: 'call_b', content: 'Rejected by a person: over the refund limit' },
        ]);
      });

      it('surfaces a call to a tool it was not offered, for the engine to refuse', async () => {
        server.enqueue({ toolCalls: [{ name: 'delete_account', args: { email: 'sara@example.com' } }, { name: 'lookup_order', args: { orderId: 'ORD-7' } }] });
        const turn = await clientFor().next({ system: 's', messages: hello, tools, stream });
        assert.deepEqual(turn.toolCalls, [
          { id: 'call_1', name: 'delete_account', args: { email: 'sara@example.com' } },
          { id: 'call_2', name: 'lookup_order', args: { orderId: 'ORD-7' } },
        ]);
      });

      it('treats tool arguments that are not a JSON object as invalid output', async () => {
        server.enqueue({ toolCalls: [{ name: 'lookup_order', args: '{"orderId": "ORD-' }] });
        await rejectsWith(clientFor().next({ system: 's', messages: hello, tools, stream }), 'model_invalid_output', /called lookup_order with arguments that are not a JSON object: \{"orderId": "ORD-/);
      });

      it('returns a structured object checked against its schema', async () => {
        const schema = z.object({ intent: z.enum(['refund', 'faq', 'issue']), confidence: z.number() });
        server.enqueue({ text: '{"intent":"refund","confidence":0.92}', usage: { promptTokens: 100, completionTokens: 20 } });
        const answer = await clientFor().object({ system: 'Classify the message.', prompt: 'I want my money back', schema, name: 'triage', stream });
        assert.deepEqual(answer, { object: { intent: 'refund', confidence: 0.92 }, usage: { inputTokens: 100, outputTokens: 20, costUsd: 0.000027 }, modelId: `${provider}/gpt-4o-mini` });
        const format = server.requests[0]?.response_format;
        assert.equal(format?.type, 'json_schema');
        assert.equal(format?.json_schema?.name, 'triage');
        assert.deepEqual(server.requests[0]?.messages.at(-1), { role: 'user', content: 'I want my money back' });
      });

      it('reports an object answer that is not JSON, or misses the schema, as invalid output', async () => {
        const schema = z.object({ intent: z.enum(['refund', 'faq']) });
        server.enqueue({ text: 'Sure! The intent is refund.' }, { text: '{"intent":"banana"}' });
        const client = clientFor();
        const notJson = await rejectsWith(client.object({ system: 's', prompt: 'p', schema, name: 'triage', stream }), 'model_invalid_output', /could not parse the response/);
        assert.equal(notJson.retryable, false);
        await rejectsWith(client.object({ system: 's', prompt: 'p', schema, name: 'triage', stream }), 'model_invalid_output', /did not match schema/);
        assert.equal(server.requests.length, 2, 'invalid output is not retried by the client');
      });

      it('retries a rate limit and then answers', async () => {
        server.enqueue({ status: 429, retryAfter: 0 }, { text: 'Back again.' });
        const turn = await clientFor().next({ system: 's', messages: hello, tools: [], stream });
        assert.equal(turn.text, 'Back again.');
        assert.equal(server.requests.length, 2);
      });

      it('gives up on a server that keeps failing, as model_unavailable', async () => {
        server.respondWith(() => ({ status: 500, retryAfter: 0, body: { error: { message: 'The server had an error' } } }));
        const error = await rejectsWith(clientFor().next({ system: 's', messages: hello, tools: [], stream }), 'model_unavailable', /HTTP 500: The server had an error after 3 attempts/);
        assert.equal(error.retryable, true);
        assert.equal(error.httpStatus, 503);
        assert.deepEqual(error.details, { modelId: `${provider}/gpt-4o-mini`, attempts: 3, status: 500 });
        assert.equal(server.requests.length, 3);
      });

      it('abandons a call that outlives its timeout, as model_unavailable', async () => {
        server.enqueue({ hang: true });
        const error = await rejectsWith(clientFor({ timeoutMs: 200 }).next({ system: 's', messages: hello, tools: [], stream }), 'model_unavailable', /timed out after 200 ms/);
        assert.deepEqual(error.details, { modelId: `${provider}/gpt-4o-mini`, timeoutMs: 200 });
        assert.equal(server.requests.length, 1, 'a timeout is not retried inside the call');
      });

      if (stream) {
        it('reports a stream that fails part-way as model_unavailable', async () => {
          server.enqueue({ text: 'Your order', streamError: 'The server is overloaded' });
          await rejectsWith(clientFor().next({ system: 's', messages: hello, tools: [], stream }), 'model_unavailable', /the server reported an error: .*The server is overloaded/);
        });
      }

      it('stops when the caller cancels', async () => {
        server.enqueue({ hang: true });
        const controller = new AbortController();
        const pending = clientFor().next({ system: 's', messages: hello, tools: [], stream, signal: controller.signal });
        controller.abort();
        await rejectsWith(pending, 'model_unavailable', /the call was cancelled/);
      });
    });
  }
}

describe('model client failures outside the matrix', () => {
  let server: FakeOpenAI;
  const config = (): ModelConfig => ({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.url, apiKey: 'wrong-key', timeoutMs: 10_000, maxRetries: 2, price: null });
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });

  it('reports a body that is not JSON as invalid output', async () => {
    server.enqueue({ rawBody: 'not json' });
    await rejectsWith(createModelClient(config()).next({ system: 's', messages: hello, tools: [] }), 'model_invalid_output', /Invalid JSON response/);
  });

  it('reports refused credentials as a configuration error, without retrying', async () => {
    server.enqueue({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    const error = await rejectsWith(createModelClient(config()).next({ system: 's', messages: hello, tools: [] }), 'invalid_config', /refused the credentials .*HTTP 401: Incorrect API key provided.*check its API key/);
    assert.equal(error.retryable, false);
    assert.equal(server.requests.length, 1);
  });

  it('reports a server that cannot be reached as model_unavailable', async () => {
    const unreachable = { ...config(), maxRetries: 0 };
    await server.close();
    await rejectsWith(createModelClient(unreachable).next({ system: 's', messages: hello, tools: [] }), 'model_unavailable', /Cannot connect to API/);
    server = await startFakeOpenAI();
  });
});
