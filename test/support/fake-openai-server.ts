// A real HTTP server speaking the OpenAI Chat Completions wire format, scripted per test, so the
// model client is tested through the same fetch, JSON and SSE parsing a real provider exercises.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolCall {
  name: string;
  /** An object is sent as JSON; a string is sent as-is, so a test can send arguments that do not parse. */
  args: unknown;
  id?: string;
}

export interface FakeAnswer {
  text?: string;
  toolCalls?: FakeToolCall[];
  usage?: { promptTokens: number; completionTokens: number };
  finishReason?: string;
  model?: string;
  /** Streaming only: after the text, an error chunk (as OpenAI sends when it fails mid-answer) instead of a finish. */
  streamError?: string;
}

export interface FakeFailure {
  status: number;
  body?: unknown;
  /** Seconds, sent as `retry-after`; 0 lets the client retry at once. */
  retryAfter?: number;
}

export type FakeReply = FakeAnswer | FakeFailure | { hang: true } | { rawBody: string };

/** The parsed body of one chat completions request. */
export interface RecordedRequest {
  model: string;
  messages: Record<string, unknown>[];
  tools?: { type: string; function: { name: string; description?: string; parameters: unknown } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  [key: string]: unknown;
}

export interface FakeOpenAI {
  /** Base URL ending in `/v1`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  /** Answers every request not covered by the queue. */
  respondWith(script: (request: RecordedRequest) => FakeReply): void;
  close(): Promise<void>;
}

const defaultUsage = { promptTokens: 10, completionTokens: 5 };

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  let script: ((request: RecordedRequest) => FakeReply) | null = null;
  const nextReply = (request: RecordedRequest): FakeReply =>
    queue.shift() ?? script?.(request) ?? { status: 400, body: errorBody(`fake-openai: no reply scripted for request #${requests.length}`) };

  const server = createServer((req, res) => {
    void handle(req, res, (request) => {
      requests.push(request);
      return nextReply(request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    respondWith: (next) => (script = next),
    close: () => closeServer(server),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, replyTo: (request: RecordedRequest) => FakeReply): Promise<void> {
  const body = await readBody(req);
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, errorBody(`fake-openai: no route ${req.method} ${req.url}`));
  const request = parseRequest(body);
  if (request === null) return sendJson(res, 400, errorBody('fake-openai: the request body is not JSON'));
  const reply = replyTo(request);
  if ('hang' in reply) return; // the socket stays open until the client gives up or the server closes
  if ('rawBody' in reply) return send(res, 200, 'application/json', reply.rawBody);
  if ('status' in reply) return sendFailure(res, reply);
  if (request.stream === true) return sendStream(res, request, reply);
  return sendJson(res, 200, completion(request, reply));
}

function parseRequest(body: string): RecordedRequest | null {
  try {
    return JSON.parse(body) as RecordedRequest;
  } catch {
    return null;
  }
}

function sendFailure(res: ServerResponse, failure: FakeFailure): void {
  if (failure.retryAfter !== undefined) res.setHeader('retry-after', String(failure.retryAfter));
  sendJson(res, failure.status, failure.body ?? errorBody(`fake-openai: scripted ${failure.status}`));
}

function completion(request: RecordedRequest, answer: FakeAnswer): Record<string, unknown> {
  const toolCalls = (answer.toolCalls ?? []).map((call, index) => ({
    id: callId(call, index),
    type: 'function',
    function: { name: call.name, arguments: argumentsText(call) },
  }));
  const message = { role: 'assistant', content: answer.text ?? null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: answer.model ?? request.model,
    choices: [{ index: 0, message, finish_reason: finishReason(answer) }],
    usage: wireUsage(answer),
  };
}

// Text and tool arguments arrive in small pieces, as they do from a real server, so the client's
// delta accumulation is exercised.
function sendStream(res: ServerResponse, request: RecordedRequest, answer: FakeAnswer): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: answer.model ?? request.model, choices, ...extra })}\n\n`);
  const delta = (value: Record<string, unknown>) => chunk([{ index: 0, delta: value, finish_reason: null }]);
  delta({ role: 'assistant', content: '' });
  for (const piece of pieces(answer.text ?? '')) delta({ content: piece });
  if (answer.streamError !== undefined) {
    res.end(`data: ${JSON.stringify(errorBody(answer.streamError))}\n\ndata: [DONE]\n\n`);
    return;
  }
  (answer.toolCalls ?? []).forEach((call, index) => {
    delta({ tool_calls: [{ index, id: callId(call, index), type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of pieces(argumentsText(call))) delta({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk([{ index: 0, delta: {}, finish_reason: finishReason(answer) }]);
  if (request.stream_options?.include_usage === true) chunk([], { usage: wireUsage(answer) });
  res.end('data: [DONE]\n\n');
}

function pieces(text: string, size = 4): string[] {
  const result: string[] = [];
  for (let at = 0; at < text.length; at += size) result.push(text.slice(at, at + size));
  return result;
}

function callId(call: FakeToolCall, index: number): string {
  return call.id ?? `call_${index + 1}`;
}

function argumentsText(call: FakeToolCall): string {
  return typeof call.args === 'string' ? call.args : JSON.stringify(call.args ?? {});
}

function finishReason(answer: FakeAnswer): string {
  return answer.finishReason ?? ((answer.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop');
}

function wireUsage(answer: FakeAnswer): Record<string, number> {
  const { promptTokens, completionTokens } = answer.usage ?? defaultUsage;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function errorBody(message: string): Record<string, unknown> {
  return { error: { message, type: 'fake_error', code: null } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections(); // hung requests would otherwise keep close() waiting forever
  await closed;
}
