// Reviewers told of a new approval in Telegram, end to end: the bot posts to a fake Bot API served
// over HTTP, and button presses come back to the webhook as Telegram's Updates, carrying the
// webhook's secret token; a press without it bounces, a stranger's press decides nothing.
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
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { callBotApi } from '../../src/notify/telegram/telegram-api.ts';
import { decodeCallbackData, encodeCallbackData, maxCallbackDataBytes } from '../../src/notify/telegram/telegram-callback-data.ts';
import { maxMessageChars, telegramDecidedMessage, telegramTaskMessage } from '../../src/notify/telegram/telegram-message.ts';
import type { TaskNotice } from '../../src/notify/task-notice.ts';
import { telegramSettings, type TelegramSettings } from '../../src/notify/telegram/telegram-settings.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { startFakeTelegramApi, type ChatMessage, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const publicUrl = 'https://support.acme.test';
const reviewer = 'rita@acme.test';
const ritaOnTelegram = 7001;
const strangerOnTelegram = 7999;
const webhookSecret = 'hook-secret_0123456789abcdefABCDEF';
const hookPath = '/hooks/telegram';
const customerText = 'I want a refund of $42.50 for order ORD-1001 <b>right now</b> & fast';

function telegramConfig(fake: FakeTelegramApi, extra: Record<string, unknown> = {}): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('notifications', {
    telegram: { bot_token: '${TELEGRAM_BOT_TOKEN}', chat_id: fake.chatId, secret_token: '${TELEGRAM_WEBHOOK_SECRET}', users: { [String(ritaOnTelegram)]: reviewer }, api_url: fake.apiUrl, timeout_ms: 5_000 },
  });
  document.setIn(['project', 'name'], 'Acme Support');
  document.setIn(['project', 'bot_name'], 'Acmebot');
  for (const [key, value] of Object.entries(extra)) document.set(key, value);
  return parseConfig(document.toString(), { source: 'telegram-test.yaml', baseDir: dirname(demoConfigPath) });
}

function envFor(fake: FakeTelegramApi): NodeJS.ProcessEnv {
  return { TELEGRAM_BOT_TOKEN: fake.botToken, TELEGRAM_WEBHOOK_SECRET: webhookSecret };
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

async function telegramDelivery(sb: Switchboard) {
  return sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).where('destination', '=', 'telegram').executeTakeFirstOrThrow();
}

interface TelegramEnv {
  sb: Switchboard;
  fake: FakeTelegramApi;
  http: SwitchboardApp;
  taskId: string;
  runId: string;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`Telegram notifications and buttons (${dialect})`, () => {
    async function switchboardWithTelegram(t: TestContext, options: { extra?: Record<string, unknown>; clock?: ManualClock } = {}) {
      const fake = await startFakeTelegramApi();
      t.after(() => fake.close());
      const sb = await switchboardForTest(t, dialect, { config: telegramConfig(fake, options.extra), publicUrl, env: envFor(fake), ...(options.clock ? { clock: options.clock } : {}) });
      return { sb, fake, http: createHttpApp(sb) };
    }

    async function pausedRefund(t: TestContext, options: { extra?: Record<string, unknown>; clock?: ManualClock; telegramDown?: boolean } = {}): Promise<TelegramEnv> {
      const env = await switchboardWithTelegram(t, options);
      await createUser(env.sb.identity, { email: reviewer, role: 'reviewer', projectId, password: 'a long enough password' });
      if (options.telegramDown) env.fake.failWith(502);
      const paused = await env.sb.chat.postMessage({ projectId, message: customerText, customerEmail: 'carla@example.com' });
      assert.ok(paused.task_id, 'the refund waits for a reviewer');
      await drain(env.sb);
      return { ...env, taskId: paused.task_id, runId: paused.run_id };
    }

    function posted(env: TelegramEnv): ChatMessage {
      assert.equal(env.fake.messages.length, 1, 'one message in the chat');
      const [message] = env.fake.messages;
      assert.ok(message);
      return message;
    }

    async function deliver(env: TelegramEnv, update: Record<string, unknown>, secret: string | null = webhookSecret): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) };
      return env.http.request(hookPath, { method: 'POST', headers, body: JSON.stringify(update) });
    }

    function taskOf(env: TelegramEnv): Promise<HumanTaskView> {
      return env.sb.tasks.get(projectId, env.taskId);
    }

    function calls(env: TelegramEnv, method: string): Record<string, unknown>[] {
      return env.fake.calls.filter((call) => call.method === method).map((call) => call.body);
    }

    it('posts the paused refund to the chat in HTML, with the customer’s markup escaped and Approve / Reject buttons', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      const task = await taskOf(env);
      const [sent] = calls(env, 'sendMessage');
      assert.equal(sent?.['chat_id'], env.fake.chatId);
      assert.equal(sent?.['parse_mode'], 'HTML');
      assert.ok(env.fake.calls.every((call) => call.authorised), 'every call carries the bot token');

      assert.ok(message.html.includes('&lt;b&gt;right now&lt;/b&gt; &amp; fast'), 'the customer’s tags are sent escaped');
      assert.ok(message.text.includes(customerText), 'and read as the customer wrote them');
      assert.ok(!message.entities.some((entity) => entity.tag === 'b' && entity.text.includes('right now')), 'none of it is bold');
      assert.deepEqual(message.entities[0], { tag: 'b', text: task.title });
      for (const part of [task.reason, 'Acmebot · Acme Support', 'order_id: ORD-1001', `Asked at ${task.created_at.slice(0, 16).replace('T', ' ')} UTC`, `${publicUrl}/api/projects/${projectId}/human-tasks/${task.id}`]) {
        assert.ok(message.text.includes(part), `the message says "${part}"`);
      }
      assert.match(message.text, /Proposed action\nissue_refund \{.*"amount_cents":4250/);
      assert.match(message.text, /Ticket TKT-\d+ · /);

      assert.deepEqual(message.buttons.flat().map((button) => button.text), ['✅ Approve', '❌ Reject']);
      const [approve, reject] = message.buttons.flat().map((button) => decodeCallbackData(button.callback_data));
      const version = (await env.sb.notice(projectId, task.id)).taskVersion;
      assert.deepEqual(approve, { action: 'approve', projectId, taskId: task.id, taskVersion: version });
      assert.deepEqual(reject, { action: 'reject', projectId, taskId: task.id, taskVersion: version });
    });

    it('approves as the mapped reviewer: the run completes, the press is answered and the message says who approved, without buttons', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      const html = message.html;
      const first = env.fake.press(message, 'Approve', ritaOnTelegram);
      const response = await deliver(env, first);
      assert.equal(response.status, 200);

      const task = await taskOf(env);
      assert.deepEqual([task.status, task.decision, task.responded_by], ['completed', 'approved', reviewer]);
      await drain(env.sb);
      assert.equal((await env.sb.engine.getRun(env.runId))?.status, 'completed', 'the run went on and finished');
      assert.equal(await refundsIssued(env.sb), 1);

      const callbackQuery = first['callback_query'] as { id: string };
      assert.deepEqual(env.fake.answers, [{ callback_query_id: callbackQuery.id, text: 'Approved.', show_alert: false }]);
      const [edit] = calls(env, 'editMessageText');
      assert.deepEqual([edit?.['chat_id'], edit?.['message_id'], edit?.['parse_mode']], [Number(env.fake.chatId), message.message_id, 'HTML']);
      assert.equal(edit?.['reply_markup'], undefined, 'the edit sends no keyboard, which removes it');
      assert.equal(message.edits, 1);
      assert.deepEqual(message.buttons, [], 'the buttons are gone');
      assert.notEqual(message.html, html);
      assert.ok(message.text.includes(`Approved by ${reviewer} at ${(task.resolved_at ?? '').slice(0, 16).replace('T', ' ')} UTC`));
    });

    it('answers a second press on the same message “already decided” and decides nothing more', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      // Both presses are made on the message as it first read, as two quick taps would be.
      const first = env.fake.press(message, 'Approve', ritaOnTelegram);
      const second = env.fake.press(message, 'Reject', ritaOnTelegram);
      assert.equal((await deliver(env, first)).status, 200);
      assert.equal((await deliver(env, second)).status, 200);

      const task = await taskOf(env);
      assert.deepEqual([task.decision, task.responded_by], ['approved', reviewer]);
      assert.equal(env.fake.answers.length, 2);
      assert.match(env.fake.answers[1]?.text ?? '', /^This task was already decided by rita@acme\.test: approved at /);
      assert.equal(env.fake.answers[1]?.show_alert, true);
      await drain(env.sb);
      assert.equal(await refundsIssued(env.sb), 1, 'one refund, however often the buttons are pressed');
      assert.equal(message.edits, 1, 'the message already showed the decision');
    });

    it('refuses a press by a Telegram user nobody mapped: told so, audited, nothing decided', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      assert.equal((await deliver(env, env.fake.press(message, 'Approve', strangerOnTelegram))).status, 200);

      assert.equal((await taskOf(env)).status, 'pending');
      const [answer] = env.fake.answers;
      assert.equal(answer?.show_alert, true);
      assert.match(answer?.text ?? '', /not linked to a Switchboard user/);
      assert.match(answer?.text ?? '', /notifications\.telegram\.users/);
      const refusals = await auditEntries(env.sb, 'human_task.decision_refused');
      assert.deepEqual(
        refusals.map((entry) => [entry.actor, entry.data['rule'], entry.data['via']]),
        [[`telegram:${strangerOnTelegram}`, 'unmapped_chat_user', 'telegram']],
      );
      assert.equal(message.edits, 0);
      assert.equal(message.buttons.flat().length, 2, 'the buttons stay for a reviewer');
    });

    it('answers 401 and audits an update without the webhook’s secret token, or with another one; the task stays pending', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      const forged = env.fake.press(message, 'Approve', ritaOnTelegram);
      for (const secret of [null, 'not-the-secret', `${webhookSecret}x`, webhookSecret.toUpperCase()]) {
        const response = await deliver(env, forged, secret);
        assert.equal(response.status, 401, `secret ${String(secret)}`);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
      }
      assert.equal((await taskOf(env)).status, 'pending');
      assert.deepEqual(env.fake.answers, [], 'Telegram was told nothing');
      const refused = await auditEntries(env.sb, 'hook.signature_refused');
      assert.deepEqual(
        refused.map((entry) => [entry.actor, entry.data['problem']]),
        [
          ['telegram:unverified', 'missing'],
          ['telegram:unverified', 'mismatch'],
          ['telegram:unverified', 'mismatch'],
          ['telegram:unverified', 'mismatch'],
        ],
      );
      // The same update with the secret is taken: what was refused was the header, not the press.
      assert.equal((await deliver(env, forged)).status, 200);
      assert.equal((await taskOf(env)).decision, 'approved');
    });

    it('answers 200 to other updates and leaves them alone', async (t) => {
      const env = await pausedRefund(t);
      const response = await deliver(env, { update_id: 1, message: { message_id: 5, date: 1767225600, chat: { id: Number(env.fake.chatId), type: 'supergroup' }, from: { id: ritaOnTelegram, is_bot: false, first_name: 'Rita' }, text: '/approve everything' } });
      assert.equal(response.status, 200);
      assert.deepEqual(
        env.fake.calls.map((call) => call.method),
        ['sendMessage'],
      );
      assert.equal((await taskOf(env)).status, 'pending');
    });

    it('keeps the run paused and the delivery pending while Telegram is down, and posts once it is back', async (t) => {
      const clock = new ManualClock();
      const env = await pausedRefund(t, { clock, telegramDown: true });
      assert.equal(env.fake.messages.length, 0);
      assert.equal((await env.sb.engine.getRun(env.runId))?.status, 'waiting');
      assert.equal((await taskOf(env)).status, 'pending');
      const failed = await telegramDelivery(env.sb);
      assert.deepEqual([failed.status, failed.attempts], ['pending', 1]);
      assert.match(failed.last_error ?? '', /502/);

      env.fake.failWith(null);
      clock.advance(60 * 60_000);
      await drain(env.sb);
      posted(env);
      assert.equal((await telegramDelivery(env.sb)).status, 'delivered');
    });

    it('refuses an approval above the reviewer’s limit with the reason; the task stays pending and the refusal is audited', async (t) => {
      const env = await pausedRefund(t, { extra: { approval_limits: { reviewer: 1_000 } } });
      const message = posted(env);
      assert.equal((await deliver(env, env.fake.press(message, 'Approve', ritaOnTelegram))).status, 200);
      const [answer] = env.fake.answers;
      assert.equal(answer?.show_alert, true);
      assert.match(answer?.text ?? '', /^You cannot approve this task: Approving \$42\.50 is above the reviewer limit of \$10\.00/);
      assert.equal((await taskOf(env)).status, 'pending');
      assert.equal(message.buttons.flat().length, 2);
      const refusals = await auditEntries(env.sb, 'human_task.decision_refused');
      assert.deepEqual(refusals.map((entry) => [entry.actor, entry.data['rule'], entry.data['via']]), [[reviewer, 'approval_limit', 'telegram']]);

      // Rejecting is within every reviewer's reach.
      assert.equal((await deliver(env, env.fake.press(message, 'Reject', ritaOnTelegram))).status, 200);
      assert.equal((await taskOf(env)).decision, 'rejected');
    });

    it('refuses a press on a message sent before the task last changed', async (t) => {
      const env = await pausedRefund(t);
      const message = posted(env);
      await env.sb.tasks.assign(projectId, env.taskId, { assignedTo: 'someone-else@acme.test' }, 'lead@acme.test');
      await deliver(env, env.fake.press(message, 'Approve', ritaOnTelegram));
      assert.match(env.fake.answers[0]?.text ?? '', /changed after this message was sent.*open it in Switchboard/);
      assert.equal(env.fake.answers[0]?.show_alert, true);
      const task = await taskOf(env);
      assert.deepEqual([task.status, task.decision], ['assigned', null], 'nothing was decided');
      assert.equal(message.buttons.flat().length, 2);
    });

    it('fails at start with invalid_config naming the setting when ${TELEGRAM_BOT_TOKEN} is not set', async (t) => {
      const fake = await startFakeTelegramApi();
      t.after(() => fake.close());
      await assert.rejects(testSwitchboard(dialect, { config: telegramConfig(fake), env: { TELEGRAM_WEBHOOK_SECRET: webhookSecret } }), (error) => {
        assert.ok(isSwitchboardError(error));
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /notifications\.telegram\.bot_token uses \$\{TELEGRAM_BOT_TOKEN\}/);
        return true;
      });
    });
  });
}

describe('Telegram callback data', () => {
  const taskId = '01kbx3m6w2c9r8d7e6f5g4h3j2';

  it('names the task and its version within 64 bytes, leaving out the default project', () => {
    const data = encodeCallbackData({ action: 'approve', projectId: 'default', taskId, taskVersion: 12 });
    assert.equal(data, `a:${taskId}:12`);
    assert.deepEqual(decodeCallbackData(data), { action: 'approve', projectId: 'default', taskId, taskVersion: 12 });
  });

  it('carries another project when it fits, and refuses one that would not', () => {
    const data = encodeCallbackData({ action: 'reject', projectId: 'eu:shop', taskId, taskVersion: 3 });
    assert.ok(Buffer.byteLength(data) <= maxCallbackDataBytes);
    assert.deepEqual(decodeCallbackData(data), { action: 'reject', projectId: 'eu:shop', taskId, taskVersion: 3 });
    assert.throws(() => encodeCallbackData({ action: 'reject', projectId: 'ü'.repeat(20), taskId, taskVersion: 3 }), /at most 64/);
  });

  it('reads nothing into callback data Switchboard did not write', () => {
    for (const data of ['', 'x:abc:1', 'a:abc', 'a:abc:v1', `a:${taskId}:1:${'p'.repeat(60)}`]) assert.equal(decodeCallbackData(data), null, data);
  });
});

describe('Telegram task messages', () => {
  const task: HumanTaskView = {
    id: '01kbx3m6w2c9r8d7e6f5g4h3j2', type: 'approval', status: 'pending', priority: 'high', title: 'Approve refund of $42.50', reason: 'Refund <over> the automatic limit',
    context: {}, fields: [], tool_call: { tool: 'issue_refund', args: { amount_cents: 4250 } }, ticket_id: null, run_id: null, due_at: null, overdue: false,
    assigned_to: null, assigned_team: null, claimed_by: null, escalation_level: 0, decision: null, response_fields: null, notes: null, responded_by: null,
    requested_by: null, resolved_at: null, created_at: '2026-03-04T05:06:07.000Z', updated_at: '2026-03-04T05:06:07.000Z',
  };
  const notice = (overrides: Partial<TaskNotice> = {}): TaskNotice => ({
    projectId: 'default', projectName: 'Acme & Co', botName: 'Acmebot', task, taskVersion: 2, ticket: null, summary: [], variables: [], decidable: true, taskUrl: `${publicUrl}/t/1`, ...overrides,
  });
  /** What a reader sees, given that every `<` and `&` in the HTML is markup or an entity. */
  const visible = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('stays within 4,096 characters however long the conversation, keeping its newest lines', () => {
    const summary = Array.from({ length: 6 }, (_, i) => ({ role: 'customer', text: `${i}${'<&>'.repeat(93)}` }));
    const variables = Array.from({ length: 20 }, (_, i) => ({ name: `variable_${i}`, value: '&'.repeat(280) }));
    const long = { ...task, reason: 'r'.repeat(5_000), title: 't'.repeat(500), tool_call: { tool: 'issue_refund', args: { note: '<'.repeat(2_000) } } };
    const message = telegramTaskMessage(notice({ summary, variables, task: long, ticket: { id: 't1', number: 'TKT-1', subject: '&'.repeat(1_000) } }));
    const text = visible(message.text);
    assert.ok(text.length <= maxMessageChars, `${text.length} characters`);
    assert.ok(text.includes(`customer: 5${'<&>'.repeat(93)}`), 'the newest message is kept');
    assert.ok(!text.includes(`customer: 0${'<&>'}`), 'the oldest gives way');
    assert.ok(text.endsWith(`Open in Switchboard: ${publicUrl}/t/1`));
  });

  it('escapes every value it is given, names included', () => {
    const message = telegramTaskMessage(notice({ variables: [{ name: '<i>x</i>', value: 'a & b' }] }));
    assert.ok(message.text.includes('<i>Acmebot · Acme &amp; Co</i>'));
    assert.ok(message.text.includes('Refund &lt;over&gt; the automatic limit'));
    assert.ok(message.text.includes('&lt;i&gt;x&lt;/i&gt;: <code>a &amp; b</code>'));
  });

  it('says who decided and when once the task is closed, without buttons', () => {
    const decided = { ...task, status: 'completed' as const, decision: 'rejected', responded_by: 'rita@acme.test', resolved_at: '2026-03-04T06:07:08.000Z' };
    const message = telegramDecidedMessage(notice({ task: decided, decidable: false }));
    assert.equal(message.reply_markup, undefined);
    assert.ok(message.text.includes('❌ <b>Rejected by rita@acme.test at 2026-03-04 06:07 UTC</b>'));
    assert.equal(telegramTaskMessage(notice({ decidable: false })).reply_markup, undefined, 'no buttons on what cannot be decided');
  });
});

describe('the Bot API client against the fake Telegram', () => {
  async function settingsFor(t: TestContext, token?: string): Promise<{ fake: FakeTelegramApi; settings: TelegramSettings }> {
    const fake = await startFakeTelegramApi();
    t.after(() => fake.close());
    const config = telegramConfig(fake).file.notifications.telegram;
    assert.ok(config);
    return { fake, settings: telegramSettings(config, { TELEGRAM_BOT_TOKEN: token ?? fake.botToken, TELEGRAM_WEBHOOK_SECRET: webhookSecret }) };
  }

  it('names notifications.telegram.bot_token when Telegram refuses the token', async (t) => {
    const { settings } = await settingsFor(t, '123:wrong');
    await assert.rejects(callBotApi(settings, 'sendMessage', { chat_id: settings.chatId, text: 'hello' }), (error) => {
      assert.ok(isSwitchboardError(error));
      assert.equal(error.code, 'invalid_config');
      assert.match(error.message, /notifications\.telegram\.bot_token/);
      assert.ok(!error.message.includes('123:wrong'), 'the token itself is not in the message');
      return true;
    });
  });

  it('is retryable on a 429 and keeps Telegram’s retry_after', async (t) => {
    const { fake, settings } = await settingsFor(t);
    fake.failWith(429);
    await assert.rejects(callBotApi(settings, 'sendMessage', { chat_id: settings.chatId, text: 'hello' }), (error) => {
      assert.ok(isSwitchboardError(error));
      assert.deepEqual([error.code, error.retryable, error.details?.['retry_after_seconds']], ['rate_limited', true, 7]);
      return true;
    });
  });

  it('names notifications.telegram.chat_id when the chat does not exist, and cannot send a malformed text at all', async (t) => {
    const { settings } = await settingsFor(t);
    await assert.rejects(callBotApi(settings, 'sendMessage', { chat_id: '-100999', text: 'hello' }), (error) => isSwitchboardError(error) && error.code === 'invalid_config' && /notifications\.telegram\.chat_id/.test(error.message));
    await assert.rejects(callBotApi(settings, 'sendMessage', { chat_id: settings.chatId, text: 'a <b>broken', parse_mode: 'HTML' }), (error) => isSwitchboardError(error) && error.code === 'invalid_request' && /can't parse entities/.test(error.message));
  });

  it('refuses at start a secret_token Telegram’s setWebhook would not take', async (t) => {
    const { fake } = await settingsFor(t);
    const config = telegramConfig(fake).file.notifications.telegram;
    assert.ok(config);
    assert.throws(() => telegramSettings(config, { TELEGRAM_BOT_TOKEN: fake.botToken, TELEGRAM_WEBHOOK_SECRET: 'has spaces and !' }), /secret_token must be 1 to 256 characters/);
  });
});
