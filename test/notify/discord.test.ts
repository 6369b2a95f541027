// Reviewers told of a new approval in Discord, end to end: the bot posts to a fake Discord API served
// over HTTP, and button presses come back to the interactions endpoint signed with the
// application's Ed25519 key, as Discord sends them; forged, tampered and replayed presses bounce.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { SwitchboardApp } from '../../src/api/auth/app-env.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import type { HumanTaskView } from '../../src/app/views.ts';
import { createUser } from '../../src/auth/users.ts';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import { isoAt, ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import type { Role } from '../../src/domain/roles.ts';
import { decodeDecisionButton, encodeDecisionButton } from '../../src/notify/discord/decision-button.ts';
import { discordDecidedMessage, discordTaskMessage, embedLimits, type DiscordEmbed, type DiscordMessage } from '../../src/notify/discord/discord-message.ts';
import { ed25519PublicKey, verifyDiscordSignature } from '../../src/notify/discord/discord-signature.ts';
import type { TaskNotice } from '../../src/notify/task-notice.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { buttonPress, discordApplication, discordSignatureHeaders, pingInteraction, startFakeDiscordApi, type DiscordApplication, type FakeDiscordApi, type PostedMessage } from '../support/fake-discord-api.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const publicUrl = 'https://support.acme.test';
const reviewer = 'rita@acme.test';
const ritaOnDiscord = '2100000000000000001';
const strangerOnDiscord = '2100000000000000099';
const interactionsPath = '/hooks/discord/interactions';

type Interaction = { type: 1 } | { type: 4; data: { content: string; flags: number; allowed_mentions: unknown } } | { type: 7; data: DiscordMessage };

function discordConfig(discord: { apiUrl: string; channelId: string }, app: DiscordApplication, extra: Record<string, unknown> = {}): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('notifications', {
    discord: { bot_token: '${DISCORD_BOT_TOKEN}', channel_id: discord.channelId, public_key: app.publicKeyHex, users: { [ritaOnDiscord]: reviewer }, api_url: discord.apiUrl, timeout_ms: 5_000 },
  });
  document.setIn(['project', 'name'], 'Acme Support');
  document.setIn(['project', 'bot_name'], 'Acmebot');
  for (const [key, value] of Object.entries(extra)) document.set(key, value);
  return parseConfig(document.toString(), { source: 'discord-test.yaml', baseDir: dirname(demoConfigPath) });
}

/** Text as a Discord reader sees it: markdown escapes removed. */
function shown(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function field(embed: DiscordEmbed | undefined, name: string): string | undefined {
  const found = embed?.fields.find((f) => shown(f.name) === name);
  return found ? shown(found.value) : undefined;
}

async function drain(sb: Switchboard): Promise<void> {
  while ((await sb.worker.tick()) > 0);
}

async function refundsIssued(sb: Switchboard): Promise<number> {
  return (await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute()).length;
}

async function auditEntries(sb: Switchboard, action: string): Promise<{ actor: string; data: Record<string, unknown> }[]> {
  const rows = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'data']).where('action', '=', action).orderBy('seq').execute();
  return rows.map((row) => ({ actor: row.actor, data: JSON.parse(row.data) as Record<string, unknown> }));
}

interface DiscordEnv {
  sb: Switchboard;
  fake: FakeDiscordApi;
  app: DiscordApplication;
  http: SwitchboardApp;
  taskId: string;
  runId: string;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`Discord notifications and buttons (${dialect})`, () => {
    async function switchboardWithDiscord(t: TestContext, options: { extra?: Record<string, unknown>; clock?: ManualClock; apiUrl?: string } = {}) {
      const fake = await startFakeDiscordApi();
      t.after(() => fake.close());
      const app = discordApplication();
      const config = discordConfig({ channelId: fake.channelId, apiUrl: options.apiUrl ?? fake.apiUrl }, app, options.extra);
      const sb = await switchboardForTest(t, dialect, { config, publicUrl, env: { DISCORD_BOT_TOKEN: fake.botToken }, ...(options.clock ? { clock: options.clock } : {}) });
      return { sb, fake, app, http: createHttpApp(sb) };
    }

    async function pausedRefund(t: TestContext, options: { role?: Role; extra?: Record<string, unknown>; clock?: ManualClock; apiUrl?: string } = {}): Promise<DiscordEnv> {
      const env = await switchboardWithDiscord(t, options);
      await createUser(env.sb.identity, { email: reviewer, role: options.role ?? 'reviewer', projectId, password: 'a long enough password' });
      const paused = await env.sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for order ORD-1001, it arrived broken', customerEmail: 'carla@example.com' });
      assert.ok(paused.task_id, 'the refund waits for a reviewer');
      await drain(env.sb);
      return { ...env, taskId: paused.task_id, runId: paused.run_id };
    }

    async function send(env: DiscordEnv, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
      const response = await env.http.request(interactionsPath, { method: 'POST', headers, body });
      return { status: response.status, json: await response.json() };
    }

    async function signed(env: DiscordEnv, interaction: Record<string, unknown>): Promise<{ status: number; answer: Interaction }> {
      const body = JSON.stringify(interaction);
      const { status, json } = await send(env, body, discordSignatureHeaders(env.app, body, env.sb.clock.now()));
      return { status, answer: json as Interaction };
    }

    function posted(env: DiscordEnv): PostedMessage {
      assert.equal(env.fake.messages.length, 1, 'one message in the channel');
      const [message] = env.fake.messages;
      assert.ok(message);
      return message;
    }

    function pressOn(env: DiscordEnv, label: 'Approve' | 'Reject', userId: string, where: 'guild' | 'dm' = 'guild'): Record<string, unknown> {
      const message = posted(env);
      const button = message.components[0]?.components.find((b) => b.label === label);
      assert.ok(button, `the message has a ${label} button`);
      return buttonPress(env.app, button.custom_id, { userId, in: where }, message);
    }

    async function taskOf(env: DiscordEnv): Promise<HumanTaskView> {
      return env.sb.tasks.get(projectId, env.taskId);
    }

    it('posts the task to the channel as the bot: an embed with the reason, the tool call, the variables and the conversation, and two buttons', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      const task = await taskOf(env);
      const [call] = env.fake.calls;
      assert.equal(call?.path, `/api/v10/channels/${env.fake.channelId}/messages`);
      assert.equal(call?.authorization, `Bot ${env.fake.botToken}`);
      assert.match(call?.userAgent ?? '', /^DiscordBot \(https:\/\/support\.acme\.test, /);

      const embed = message.embeds[0];
      assert.ok(embed);
      assert.equal(shown(embed.title), task.title);
      assert.equal(shown(embed.description), task.reason);
      assert.equal(embed.url, `${publicUrl}/api/projects/${projectId}/human-tasks/${task.id}`);
      assert.equal(embed.timestamp, task.created_at);
      assert.equal(embed.footer.text, 'Acmebot · Acme Support');
      assert.match(field(embed, 'Proposed action') ?? '', /^issue_refund \{.*"amount_cents":4250/);
      assert.equal(field(embed, 'order_id'), 'ORD-1001');
      assert.equal(field(embed, 'Customer'), 'I want a refund of $42.50 for order ORD-1001, it arrived broken');
      assert.match(field(embed, 'Ticket') ?? '', /^TKT-\d+: /);
      assert.equal(field(embed, 'Decision'), undefined, 'nothing is decided yet');

      assert.deepEqual(message.allowed_mentions, { parse: [] }, 'customer text pings nobody');
      const buttons = message.components.flatMap((row) => row.components.map((b) => ({ type: b.type, style: b.style, label: b.label })));
      assert.deepEqual(buttons, [{ type: 2, style: 3, label: 'Approve' }, { type: 2, style: 4, label: 'Reject' }]);
      for (const row of message.components) for (const b of row.components) assert.ok(b.custom_id.length <= 100);
      assert.equal(message.enforce_nonce, true);
      assert.ok(typeof message.nonce === 'string' && message.nonce.length > 0 && message.nonce.length <= 25);
    });

    it('posts once when a delivery is sent again within Discord’s window: the repeated nonce returns the first message', async (t) => {
      const env = await pausedRefund(t);
      posted(env);
      // As if the process died after Discord accepted the message but before the delivery was marked.
      await env.sb.db.kysely.updateTable('outbox_deliveries').set({ status: 'pending', delivered_at: null, available_at: isoAt(env.sb.clock) }).where('destination', '=', 'discord').execute();
      await drain(env.sb);
      assert.equal(env.fake.calls.length, 2, 'Discord was asked twice');
      assert.equal(env.fake.messages.length, 1, 'and posted once');
      const nonces = env.fake.calls.map((call) => (call.body as { nonce?: string }).nonce);
      assert.equal(nonces[0], nonces[1]);
    });

    it('approves as the mapped reviewer: the run finishes and the message shows who approved, without buttons; a second press is told it is decided', async (t) => {
      const env = await pausedRefund(t);
      const press = pressOn(env, 'Approve', ritaOnDiscord);
      const { status, answer } = await signed(env, press);
      assert.equal(status, 200);
      assert.equal(answer.type, 7, 'the message is updated in place');
      const task = await taskOf(env);
      assert.deepEqual([task.status, task.decision, task.responded_by], ['completed', 'approved', reviewer]);
      assert.equal((await env.sb.engine.getRun(env.runId))?.status, 'completed', 'the run went on and finished');
      assert.equal(await refundsIssued(env.sb), 1);
      if (answer.type !== 7) return;
      assert.deepEqual(answer.data.components, [], 'the buttons are gone');
      assert.deepEqual(answer.data.allowed_mentions, { parse: [] });
      const resolvedAt = Math.floor(Date.parse(task.resolved_at ?? '') / 1000);
      assert.equal(field(answer.data.embeds[0], 'Decision'), `Approved by ${reviewer} at <t:${resolvedAt}:f>`);

      const again = await signed(env, { ...press, id: '1300000000000009999' });
      assert.equal(again.answer.type, 4);
      if (again.answer.type !== 4) return;
      assert.equal(again.answer.data.flags, 64, 'only the presser sees it');
      assert.match(again.answer.data.content, new RegExp(`already decided by ${reviewer.replace('.', '\\.')}: approved`));
      assert.equal(await refundsIssued(env.sb), 1, 'one refund, however often the button is pressed');
    });

    it('rejects from a direct message, where Discord names the presser as user instead of member', async (t) => {
      const env = await pausedRefund(t);
      const { answer } = await signed(env, pressOn(env, 'Reject', ritaOnDiscord, 'dm'));
      assert.equal(answer.type, 7);
      const task = await taskOf(env);
      assert.deepEqual([task.decision, task.responded_by], ['rejected', reviewer]);
      assert.equal(await refundsIssued(env.sb), 0);
      if (answer.type === 7) assert.match(field(answer.data.embeds[0], 'Decision') ?? '', /^Rejected by rita@acme\.test at <t:\d+:f>$/);
    });

    it('refuses a presser nobody mapped to a Switchboard user, audits the attempt, and decides nothing', async (t) => {
      const env = await pausedRefund(t);
      const { status, answer } = await signed(env, pressOn(env, 'Approve', strangerOnDiscord));
      assert.equal(status, 200);
      assert.equal(answer.type, 4);
      if (answer.type === 4) {
        assert.equal(answer.data.flags, 64);
        assert.match(answer.data.content, /not linked to a Switchboard user/);
      }
      assert.equal((await taskOf(env)).status, 'pending');
      const refusals = await auditEntries(env.sb, 'human_task.decision_refused');
      assert.equal(refusals.length, 1);
      assert.equal(refusals[0]?.actor, `discord:${strangerOnDiscord}`);
      assert.equal(refusals[0]?.data['via'], 'discord');
      assert.equal(refusals[0]?.data['rule'], 'unmapped_chat_user');
    });

    it('answers Discord’s PING with a PONG', async (t) => {
      const env = await pausedRefund(t);
      const { status, answer } = await signed(env, pingInteraction(env.app));
      assert.equal(status, 200);
      assert.deepEqual(answer, { type: 1 });
    });

    it('answers 401 to an unsigned, forged, foreign-key, tampered or replayed request, audits each, and decides nothing', async (t) => {
      const env = await pausedRefund(t);
      const strangerPress = JSON.stringify(pressOn(env, 'Approve', strangerOnDiscord));
      const ritaPress = JSON.stringify(pressOn(env, 'Approve', ritaOnDiscord));
      const now = env.sb.clock.now();
      const signedHeaders = discordSignatureHeaders(env.app, ritaPress, now);
      const attempts: { name: string; body: string; headers: Record<string, string> }[] = [
        { name: 'a made-up signature', body: ritaPress, headers: { ...signedHeaders, 'x-signature-ed25519': 'ab'.repeat(64) } },
        { name: 'no signature headers', body: ritaPress, headers: { 'content-type': 'application/json' } },
        { name: 'a signature by another application’s key', body: ritaPress, headers: discordSignatureHeaders(discordApplication(), ritaPress, now) },
        { name: 'a body changed after signing', body: ritaPress, headers: discordSignatureHeaders(env.app, strangerPress, now) },
        { name: 'a genuine request six minutes old', body: ritaPress, headers: discordSignatureHeaders(env.app, ritaPress, new Date(now.getTime() - 6 * 60_000)) },
      ];
      for (const attempt of attempts) {
        const { status, json } = await send(env, attempt.body, attempt.headers);
        assert.equal(status, 401, attempt.name);
        assert.equal((json as { error: { code: string } }).error.code, 'unauthorized', attempt.name);
      }
      assert.equal((await taskOf(env)).status, 'pending');
      assert.equal(await refundsIssued(env.sb), 0);
      const audited = await auditEntries(env.sb, 'hook.signature_refused');
      assert.deepEqual(audited.map((entry) => [entry.actor, entry.data['problem']]), [
        ['discord:unverified', 'bad_signature'],
        ['discord:unverified', 'missing_headers'],
        ['discord:unverified', 'bad_signature'],
        ['discord:unverified', 'bad_signature'],
        ['discord:unverified', 'stale_timestamp'],
      ]);

      const genuine = await send(env, ritaPress, signedHeaders);
      assert.equal(genuine.status, 200, 'the same press, signed as Discord signs it, is accepted');
      assert.equal((await taskOf(env)).decision, 'approved');
    });

    it('keeps the run paused and the notification pending while Discord rate-limits or fails, and posts it when Discord is back', async (t) => {
      const clock = new ManualClock(new Date());
      const env = await switchboardWithDiscord(t, { clock });
      env.fake.failWith(429);
      const paused = await env.sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      await drain(env.sb);
      assert.equal((await env.sb.tasks.get(projectId, paused.task_id ?? '')).status, 'pending');
      assert.equal((await env.sb.engine.getRun(paused.run_id))?.status, 'waiting');
      const delivery = () => env.sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).where('destination', '=', 'discord').executeTakeFirstOrThrow();
      const limited = await delivery();
      assert.deepEqual([limited.status, limited.attempts], ['pending', 1]);
      assert.match(limited.last_error ?? '', /429/);

      env.fake.failWith(503);
      clock.advance(60_000);
      await drain(env.sb);
      const failed = await delivery();
      assert.deepEqual([failed.status, failed.attempts], ['pending', 2]);

      env.fake.failWith(null);
      clock.advance(5 * 60_000);
      await drain(env.sb);
      assert.equal((await delivery()).status, 'delivered');
      assert.equal(env.fake.messages.length, 1);
    });

    it('keeps the notification pending when Discord cannot be reached at all', async (t) => {
      const env = await pausedRefund(t, { apiUrl: 'http://127.0.0.1:1/api/v10' });
      assert.equal((await taskOf(env)).status, 'pending');
      assert.equal((await env.sb.engine.getRun(env.runId))?.status, 'waiting');
      const waiting = await env.sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'last_error']).where('destination', '=', 'discord').executeTakeFirstOrThrow();
      assert.equal(waiting.status, 'pending');
      assert.match(waiting.last_error ?? '', /could not be reached/);
    });

    it('refuses an approval above the reviewer’s limit, audits it as coming from Discord, and leaves the task open', async (t) => {
      const env = await pausedRefund(t, { extra: { approval_limits: { reviewer: 1_000 } } });
      const { answer } = await signed(env, pressOn(env, 'Approve', ritaOnDiscord));
      assert.equal(answer.type, 4);
      if (answer.type === 4) assert.match(answer.data.content, /above the reviewer limit of \$10\.00/);
      assert.equal((await taskOf(env)).status, 'pending');
      const refusals = await auditEntries(env.sb, 'human_task.decision_refused');
      assert.deepEqual(refusals.map((entry) => [entry.actor, entry.data['via'], entry.data['rule']]), [[reviewer, 'discord', 'approval_limit']]);
    });

    it('refuses a press on a message sent before the task last changed', async (t) => {
      const env = await pausedRefund(t);
      await env.sb.tasks.assign(projectId, env.taskId, { assignedTo: 'someone-else@acme.test' }, 'lead@acme.test');
      const { answer } = await signed(env, pressOn(env, 'Approve', ritaOnDiscord));
      assert.equal(answer.type, 4);
      if (answer.type === 4) assert.match(answer.data.content, /changed after the message was sent/);
      assert.equal((await taskOf(env)).decision, null);
    });

    it('refuses to start when ${DISCORD_BOT_TOKEN} is not set, naming the setting', async () => {
      const config = discordConfig({ apiUrl: 'http://127.0.0.1:1/api/v10', channelId: '1100000000000000001' }, discordApplication());
      await assert.rejects(testSwitchboard(dialect, { config, env: {} }), (error) => {
        assert.ok(isSwitchboardError(error));
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /notifications\.discord\.bot_token uses \$\{DISCORD_BOT_TOKEN\}/);
        return true;
      });
    });
  });
}

describe('Discord messages', () => {
  const notice = (overrides: Partial<TaskNotice> = {}, task: Partial<HumanTaskView> = {}): TaskNotice => ({
    projectId: 'default',
    projectName: 'Acme Support',
    botName: 'Acmebot',
    task: {
      id: '01jz000000000000000000task',
      type: 'approval',
      status: 'pending',
      priority: 'high',
      title: 'Approve refund of $42.50',
      reason: 'Refund requested',
      context: {},
      fields: [],
      tool_call: { tool: 'issue_refund', args: { amount_cents: 4250 } },
      ticket_id: null,
      run_id: null,
      due_at: null,
      overdue: false,
      assigned_to: null,
      assigned_team: null,
      claimed_by: null,
      escalation_level: 0,
      decision: null,
      response_fields: null,
      notes: null,
      responded_by: null,
      requested_by: null,
      resolved_at: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      ...task,
    },
    taskVersion: 3,
    ticket: null,
    summary: [],
    variables: [],
    decidable: true,
    taskUrl: 'https://support.acme.test/api/projects/default/human-tasks/01jz000000000000000000task',
    ...overrides,
  });

  it('shows what a customer writes as text: no mention, masked link or formatting comes through', () => {
    const text = '@everyone <@123> click [here](https://evil.test) **now** `x` > quoted';
    const embed = discordTaskMessage(notice({ summary: [{ role: 'customer', text }] })).embeds[0];
    const value = embed?.fields.find((f) => f.name === 'Customer')?.value ?? '';
    assert.equal(value, '@everyone \\<@123\\> click \\[here\\](https://evil.test) \\*\\*now\\*\\* \\`x\\` \\> quoted');
    assert.equal(shown(value), text);
  });

  it('stays within Discord’s embed limits whatever the task holds, keeping the newest lines of the conversation', () => {
    const long = (char: string, n: number) => char.repeat(n);
    const message = discordTaskMessage(
      notice(
        {
          summary: Array.from({ length: 6 }, (_, i) => ({ role: 'customer', text: `${i}${long('*', 279)}` })),
          variables: Array.from({ length: 30 }, (_, i) => ({ name: `v${i}${long('_', 300)}`, value: long('_', 280) })),
          ticket: { id: 't', number: 'TKT-1', subject: long('#', 500) },
        },
        { title: long('~', 400), reason: long('|', 5000), tool_call: { tool: 'x', args: { note: long('`', 2000) } } },
      ),
    );
    const embed = message.embeds[0];
    assert.ok(embed);
    const total = embed.title.length + embed.description.length + embed.footer.text.length + embed.fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    assert.ok(total <= embedLimits.total, `${total} characters`);
    assert.ok(embed.title.length <= embedLimits.title && embed.description.length <= embedLimits.description);
    assert.ok(embed.fields.length <= embedLimits.fields);
    for (const f of embed.fields) assert.ok(f.name.length <= embedLimits.fieldName && f.value.length > 0 && f.value.length <= embedLimits.fieldValue);
    const conversation = embed.fields.filter((f) => f.name === 'Customer');
    assert.ok(conversation.length > 0, 'some conversation fits');
    assert.match(conversation.at(-1)?.value ?? '', /^5/, 'the newest line is kept');
  });

  it('carries the action, project, task and version in each button, and drops the buttons once decided', () => {
    const open = discordTaskMessage(notice());
    const ids = open.components[0]?.components.map((b) => decodeDecisionButton(b.custom_id));
    assert.deepEqual(ids, [
      { action: 'approve', projectId: 'default', taskId: '01jz000000000000000000task', taskVersion: 3 },
      { action: 'reject', projectId: 'default', taskId: '01jz000000000000000000task', taskVersion: 3 },
    ]);
    const decided = discordDecidedMessage(notice({ decidable: false }, { status: 'completed', decision: 'approved', responded_by: 'rita@acme.test', resolved_at: '2026-01-01T00:10:00.000Z' }));
    assert.deepEqual(decided.components, []);
    assert.equal(decided.embeds[0]?.fields[0]?.value, 'Approved by rita@acme.test at <t:1767226200:f>');
    assert.equal(decodeDecisionButton('someone else’s button'), null);
    assert.throws(() => encodeDecisionButton({ action: 'approve', projectId: 'p'.repeat(80), taskId: '01jz000000000000000000task', taskVersion: 1 }), /at most 100/);
  });

  it('verifies a signature made with the application’s key, and refuses a timestamp too far ahead as well as one too old', () => {
    const app = discordApplication();
    const key = ed25519PublicKey(app.publicKeyHex, 'notifications.discord.public_key');
    const now = new Date('2026-01-01T00:00:00.000Z');
    const check = (at: Date) => {
      const headers = discordSignatureHeaders(app, '{"type":1}', at);
      return verifyDiscordSignature(key, { signature: headers['x-signature-ed25519'], timestamp: headers['x-signature-timestamp'], rawBody: '{"type":1}' }, now);
    };
    assert.deepEqual(check(now), { ok: true });
    assert.deepEqual(check(new Date(now.getTime() + 4 * 60_000)), { ok: true });
    assert.deepEqual(check(new Date(now.getTime() + 6 * 60_000)), { ok: false, reason: 'stale_timestamp' });
    assert.deepEqual(check(new Date(now.getTime() - 6 * 60_000)), { ok: false, reason: 'stale_timestamp' });
    assert.throws(() => ed25519PublicKey('not hex', 'notifications.discord.public_key'), /notifications\.discord\.public_key must be/);
  });
});
