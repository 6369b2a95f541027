// A real HTTP server speaking Slack's wire format for what Switchboard uses: chat.postMessage with a
// bot token, an incoming webhook, and the response_url of a click. It records every request; the
// helpers below build and sign an interaction the way Slack does, from a message it received.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as JSON, or null when it is not JSON. */
  json: Record<string, unknown> | null;
  /** The status the fake answered with. */
  status: number;
}

export interface FakeSlackOptions {
  botToken: string;
  /** The one channel the bot may post in; any other gets `channel_not_found`. */
  channel: string;
}

export interface FakeSlack {
  readonly apiUrl: string;
  readonly webhookUrl: string;
  readonly requests: readonly SlackRequest[];
  /** A response_url for one click. */
  responseUrl(id: string): string;
  /** The next request whose path starts with `prefix` that no earlier call returned. */
  next(prefix: string): Promise<SlackRequest>;
  /** Answer message posts with this HTTP status (null: work again). */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

export const webhookPath = '/services/T000/B000/XXXX';
const waitLimitMs = 15_000;

export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const requests: SlackRequest[] = [];
  const taken = new Set<SlackRequest>();
  const waiters: { prefix: string; resolve: (request: SlackRequest) => void }[] = [];
  let failure: number | null = null;
  let ts = 0;

  const record = (request: SlackRequest) => {
    requests.push(request);
    const waiter = waiters.find((w) => request.path.startsWith(w.prefix));
    if (!waiter) return;
    waiters.splice(waiters.indexOf(waiter), 1);
    taken.add(request);
    waiter.resolve(request);
  };

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = req.url ?? '/';
      const json = parseJson(raw);
      const reply = failure !== null && !path.startsWith('/response/') ? { status: failure, body: 'fake-slack: scripted failure' } : answer(path, req.headers, json);
      record({ path, headers: req.headers, json, status: reply.status });
      send(res, reply.status, reply.body);
    });
  });

  function answer(path: string, headers: IncomingHttpHeaders, json: Record<string, unknown> | null): { status: number; body: unknown } {
    if (path === '/api/chat.postMessage') return { status: 200, body: postMessage(headers, json) };
    if (path === webhookPath) return json && (json['text'] || json['blocks']) ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_payload' };
    if (path.startsWith('/services/')) return { status: 404, body: 'no_service' };
    if (path.startsWith('/response/')) return { status: 200, body: { ok: true } };
    return { status: 404, body: 'fake-slack: no such path' };
  }

  function postMessage(headers: IncomingHttpHeaders, json: Record<string, unknown> | null): Record<string, unknown> {
    if (headers.authorization !== `Bearer ${options.botToken}`) return { ok: false, error: headers.authorization ? 'invalid_auth' : 'not_authed' };
    if (!headers['content-type']?.startsWith('application/json')) return { ok: false, error: 'invalid_form_data' };
    if (json?.['channel'] !== options.channel) return { ok: false, error: 'channel_not_found' };
    if (!json['text'] && !json['blocks']) return { ok: false, error: 'no_text' };
    ts += 1;
    return { ok: true, channel: options.channel, ts: `1767225600.${String(ts).padStart(6, '0')}`, message: { text: json['text'], blocks: json['blocks'] } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api`,
    webhookUrl: `${base}${webhookPath}`,
    requests,
    responseUrl: (id) => `${base}/response/${id}`,
    next: (prefix) => nextRequest(prefix),
    failWith: (status) => (failure = status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function nextRequest(prefix: string): Promise<SlackRequest> {
    const waiting = requests.find((request) => !taken.has(request) && request.path.startsWith(prefix));
    if (waiting) {
      taken.add(waiting);
      return Promise.resolve(waiting);
    }
    return new Promise((resolve, reject) => {
      // Not a synchronisation delay: a bound on how long a test waits for a request that never comes.
      const timer = setTimeout(() => reject(new Error(`fake-slack: no request to ${prefix} within ${waitLimitMs} ms`)), waitLimitMs);
      waiters.push({ prefix, resolve: (request) => (clearTimeout(timer), resolve(request)) });
    });
  }
}

/** The headers Slack adds: the timestamp in Unix seconds, and `v0=` HMAC-SHA256 of `v0:ts:body`. */
export function slackSignatureHeaders(signingSecret: string, rawBody: string, timestamp: number): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/** A form body as Slack posts it to the interaction URL. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

interface PostedButton {
  action_id: string;
  value: string;
  text: { text: string };
}

/** The `block_actions` payload Slack sends when `userId` clicks `actionId` on a message it received. */
export function buttonClick(message: Record<string, unknown>, actionId: string, userId: string, responseUrl: string): Record<string, unknown> {
  const button = buttonsOf(message).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`fake-slack: the message has no ${actionId} button`);
  return {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T000' },
    api_app_id: 'A000',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1767225600.000001', channel_id: 'C000', is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: 'T000', domain: 'acme' },
    channel: { id: 'C000', name: 'approvals' },
    message: { type: 'message', ts: '1767225600.000001', text: message['text'], blocks: message['blocks'] },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'switchboard_task_decision', text: { type: 'plain_text', text: button.text.text }, value: button.value, action_ts: '1767225601.000001' }],
  };
}

export function buttonsOf(message: Record<string, unknown>): PostedButton[] {
  const blocks = (message['blocks'] ?? []) as { type: string; elements?: PostedButton[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements ?? []);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8' });
  res.end(text);
}
