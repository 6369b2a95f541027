// A stand-in for Discord on 127.0.0.1. Its REST side answers the call Switchboard makes (create a
// message in a channel) as Discord does: the bot token is required, a malformed message is a 400
// "Invalid Form Body", and a repeated nonce with enforce_nonce returns the first message. Its
// application side holds an Ed25519 key pair and signs interactions the way Discord signs them.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DiscordActionRow, DiscordEmbed } from '../../src/notify/discord/discord-message.ts';

export interface DiscordCall {
  method: string;
  path: string;
  authorization: string | undefined;
  userAgent: string | undefined;
  body: unknown;
}

export interface PostedMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: DiscordEmbed[];
  components: DiscordActionRow[];
  allowed_mentions?: { parse: string[] };
  nonce?: string | number;
  enforce_nonce?: boolean;
  author: { id: string; username: string; bot: true };
  timestamp: string;
}

export interface FakeDiscordApi {
  /** The API base, as `notifications.discord.api_url` takes it. */
  apiUrl: string;
  botToken: string;
  channelId: string;
  /** Every request, answered or not, in order. */
  calls: DiscordCall[];
  /** The messages created, in order; a nonce repeated with enforce_nonce adds none. */
  messages: PostedMessage[];
  /** From now on, answers every request with this status (429 with a retry_after, as Discord sends it); null: normal again. */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

const apiPath = '/api/v10';

export async function startFakeDiscordApi(options: { botToken?: string; channelId?: string } = {}): Promise<FakeDiscordApi> {
  const botToken = options.botToken ?? 'fake-discord-bot-token';
  const channelId = options.channelId ?? '1100000000000000001';
  const calls: DiscordCall[] = [];
  const messages: PostedMessage[] = [];
  const byNonce = new Map<string, PostedMessage>();
  let failure: number | null = null;

  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const call: DiscordCall = { method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, userAgent: request.headers['user-agent'], body: parseOrText(text) };
      calls.push(call);
      answer(call, response);
    });
  });

  function answer(call: DiscordCall, response: ServerResponse): void {
    if (failure === 429) return reply(response, 429, { message: 'You are being rate limited.', retry_after: 1.5, global: false }, { 'retry-after': '2' });
    if (failure !== null) return reply(response, failure, { message: 'Service unavailable', code: 0 });
    if (call.authorization !== `Bot ${botToken}`) return reply(response, 401, { message: '401: Unauthorized', code: 0 });
    const route = /^\/api\/v10\/channels\/([^/]+)\/messages$/.exec(call.path);
    if (call.method !== 'POST' || !route) return reply(response, 404, { message: '404: Not Found', code: 0 });
    if (route[1] !== channelId) return reply(response, 404, { message: 'Unknown Channel', code: 10003 });
    const problems = formProblems(call.body);
    if (problems.length > 0) return reply(response, 400, { message: 'Invalid Form Body', code: 50035, errors: problems });
    reply(response, 200, create(call.body as Partial<PostedMessage>));
  }

  function create(body: Partial<PostedMessage>): PostedMessage {
    const key = body.enforce_nonce && body.nonce !== undefined ? String(body.nonce) : null;
    const earlier = key === null ? undefined : byNonce.get(key);
    if (earlier) return earlier;
    const message: PostedMessage = { content: '', embeds: [], components: [], ...body, id: snowflake(), channel_id: channelId, author: { id: '1200000000000000001', username: 'Switchboard', bot: true }, timestamp: new Date().toISOString() };
    messages.push(message);
    if (key !== null) byNonce.set(key, message);
    return message;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${apiPath}`,
    botToken,
    channelId,
    calls,
    messages,
    failWith: (status) => {
      failure = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What Discord's form validation would refuse in a create-message body (the limits Switchboard must keep). */
function formProblems(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return ['body: not a JSON object'];
  const message = body as Partial<PostedMessage>;
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  check(Boolean(message.content) || (message.embeds?.length ?? 0) > 0, 'content or embeds: one is required');
  check(message.nonce === undefined || String(message.nonce).length <= 25, 'nonce: at most 25 characters');
  check((message.embeds?.length ?? 0) <= 10, 'embeds: at most 10');
  for (const embed of message.embeds ?? []) problems.push(...embedProblems(embed));
  check((message.components?.length ?? 0) <= 5, 'components: at most 5 action rows');
  for (const row of message.components ?? []) {
    check(row.type === 1 && row.components.length <= 5, 'components: action rows of at most 5 buttons');
    for (const button of row.components) {
      check(button.type === 2 && [1, 2, 3, 4].includes(button.style), 'button: type 2 with a style that takes a custom_id');
      check(button.custom_id.length >= 1 && button.custom_id.length <= 100, 'button.custom_id: 1 to 100 characters');
      check(button.label.length <= 80, 'button.label: at most 80 characters');
    }
  }
  return problems;
}

function embedProblems(embed: DiscordEmbed): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  check(embed.title.length <= 256, 'embed.title: at most 256 characters');
  check(embed.description.length <= 4096, 'embed.description: at most 4096 characters');
  check(embed.footer.text.length <= 2048, 'embed.footer.text: at most 2048 characters');
  check(embed.fields.length <= 25, 'embed.fields: at most 25');
  check(!Number.isNaN(Date.parse(embed.timestamp)), 'embed.timestamp: ISO 8601');
  for (const field of embed.fields) {
    check(field.name.length >= 1 && field.name.length <= 256, 'embed.fields.name: 1 to 256 characters');
    check(field.value.length >= 1 && field.value.length <= 1024, 'embed.fields.value: 1 to 1024 characters');
  }
  const total = embed.title.length + embed.description.length + embed.footer.text.length + embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  check(total <= 6000, 'embed: at most 6000 characters in all');
  return problems;
}

let lastSnowflake = 1300000000000000000n;

function snowflake(): string {
  lastSnowflake += 1n;
  return String(lastSnowflake);
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A Discord application's key pair: the public key as the Developer Portal shows it, and the private key Discord signs with. */
export interface DiscordApplication {
  publicKeyHex: string;
  privateKey: KeyObject;
  applicationId: string;
}

export function discordApplication(): DiscordApplication {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('an Ed25519 public key exports its point as x');
  return { publicKeyHex: Buffer.from(x, 'base64url').toString('hex'), privateKey, applicationId: '1400000000000000001' };
}

/** The headers Discord sends with `body`: its timestamp (Unix seconds) and the Ed25519 signature of timestamp + body. */
export function discordSignatureHeaders(app: DiscordApplication, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), app.privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}

/** Discord's endpoint check: an interaction of type 1. */
export function pingInteraction(app: DiscordApplication): Record<string, unknown> {
  return { id: snowflake(), application_id: app.applicationId, type: 1, token: `token-${randomUUID()}`, version: 1 };
}

/**
 * A button press on a message, as Discord sends it: in a server channel the presser is `member.user`,
 * in a direct message `user`.
 */
export function buttonPress(app: DiscordApplication, customId: string, presser: { userId: string; in: 'guild' | 'dm' }, message?: PostedMessage): Record<string, unknown> {
  const user = { id: presser.userId, username: `user${presser.userId.slice(-4)}`, global_name: null };
  return {
    id: snowflake(),
    application_id: app.applicationId,
    type: 3,
    token: `token-${randomUUID()}`,
    version: 1,
    channel_id: message?.channel_id ?? '1100000000000000001',
    ...(presser.in === 'guild' ? { guild_id: '1500000000000000001', member: { user, roles: [], permissions: '0' } } : { user }),
    message: message ?? null,
    data: { custom_id: customId, component_type: 2 },
  };
}
