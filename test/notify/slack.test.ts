// Reviewers on Slack, end to end: a fake Slack (a real HTTP server) receives the task message by bot
// token or incoming webhook, the test clicks its buttons as Slack would (a signed form post built from
// the message it received), and Slack's response_url gets the replaced message or a private note.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { createUser } from '../../src/auth/users.ts';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { buttonClick, buttonsOf, interactionBody, slackSignatureHeaders, startFakeSlack, webhookPath, type FakeSlack } from '../support/fake-slack-api.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const publicUrl = 'https://support.acme.test';
const reviewer = 'rita@acme.test';
const reviewerSlackId = 'U0RITA';
const botToken = 'xoxb-1-acme-approvals';
const channel = 'C0APPROVALS';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const hookPath = '/hooks/slack/interactions';

type Mode = 'bot' | 'webhook';

interface SlackSetup {
  mode?: Mode;
  /** Where chat.postMessage goes; by default the fake's. */
  apiUrl?: string;
  extra?: Record<string, unknown>;
}

function slackSection(fake: FakeSlack, setup: SlackSetup): Record<string, unknown> {
  const common = { signing_secret: '${SLACK_SIGNING_SECRET}', users: { [reviewerSlackId]: reviewer }, timeout_ms: 5_000 };
  if (setup.mode === 'webhook') return { webhook_url: '${SLACK_WEBHOOK_URL}', ...common };
  return { bot_token: '${SLACK_BOT_TOKEN}', channel, api_url: setup.apiUrl ?? fake.apiUrl, ...common };
}

function slackConfig(fake: FakeSlack, setup: SlackSetup = {}): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('notifications', { slack: slackSection(fake, setup) });
  document.setIn(['project', 'name'], 'Acme Support');
  document.setIn(['project', 'bot_name'], 'Acmebot');
  for (const [key, value] of Object.entries(setup.extra ?? {})) document.set(key, value);
  return parseConfig(document.toString(), { source: 'slack-test.yaml', baseDir: dirname(demoConfigPath) });
}

function slackEnv(fake: FakeSlack): NodeJS.ProcessEnv {
  return { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_WEBHOOK_URL: fake.webhookUrl };
}

async function fakeSlackFor(t: TestContext): Promise<FakeSlack> {
  const fake = await startFakeSlack({ botToken, channel });
  t.after(() => fake.close());
  return fake;
}

async function drain(sb: Switchboard): Promise<void> {
  while ((await sb.worker.tick()) > 0);
}

function unixNow(sb: Switchboard): number {
  return Math.floor(sb.clock.now().getTime() / 1000);
}

/** Posts a form to the interaction URL, signed as Slack signs it unless `headers` say otherwise. */
async function postInteraction(sb: Switchboard, payload: unknown, headers?: Record<string, string>): Promise<Response> {
  const body = interactionBody(payload);
  const signature = headers ?? slackSignatureHeaders(signingSecret, body, unixNow(sb));
  return createHttpApp(sb).request(hookPath, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signature }, body });
}

/** Every text in the message's blocks, one per line, as a reader sees them (before Slack renders mrkdwn). */
function blockTexts(message: Record<string, unknown> | null): string {
  const blocks = (message?.['blocks'] ?? []) as { text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string | { text: string } }[] }[];
  const elementText = (element: { text?: string | { text: string } }) => (typeof element.text === 'string' ? element.text : (element.text?.text ?? ''));
  return blocks.flatMap((block) => [block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text), ...(block.elements ?? []).map(elementText)]).join('\n');
}

function auditRows(sb: Switchboard, action: string) {
  return sb.db.kysely.selectFrom('audit_log').select(['actor', 'subject_id', 'data']).where('action', '=', action).orderBy('seq').execute();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`Slack notifications and buttons (${dialect})`, () => {
    async function pausedRefund(t: TestContext, setup: SlackSetup & { clock?: ManualClock } = {}) {
      const fake = await fakeSlackFor(t);
      const sb = await switchboardForTest(t, dialect, { config: slackConfig(fake, setup), env: slackEnv(fake), publicUrl, ...(setup.clock ? { clock: setup.clock } : {}) });
      await createUser(sb.identity, { email: reviewer, role: 'reviewer', projectId, password: 'a long enough password' });
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for order ORD-1001, it arrived broken', customerEmail: 'carla@example.com' });
      assert.ok(paused.task_id, 'the refund waits for a reviewer');
      return { fake, sb, taskId: paused.task_id, runId: paused.run_id };
    }

    async function postedRefund(t: TestContext, setup: SlackSetup = {}) {
      const paused = await pausedRefund(t, setup);
      await drain(paused.sb);
      const posted = await paused.fake.next(setup.mode === 'webhook' ? webhookPath : '/api/chat.postMessage');
      assert.equal(posted.status, 200, 'Slack took the message');
      assert.ok(posted.json, 'the message is JSON');
      return { ...paused, posted, message: posted.json };
    }

    function click(sb: Switchboard, message: Record<string, unknown>, action: 'approve' | 'reject', responseUrl: string, userId = reviewerSlackId) {
      return postInteraction(sb, buttonClick(message, action, userId, responseUrl));
    }

    async function assertStillPending(sb: Switchboard, taskId: string) {
      const task = await sb.tasks.get(projectId, taskId);
      assert.deepEqual([task.status, task.decision], ['pending', null]);
    }

    it('posts the task with the bot token: reason, conversation, variables, proposed call, time and Approve / Reject', async (t) => {
      const { sb, taskId, posted, message } = await postedRefund(t);
      const task = await sb.tasks.get(projectId, taskId);
      assert.equal(posted.headers.authorization, `Bearer ${botToken}`);
      assert.equal(message['channel'], channel);
      assert.ok(String(message['text']).includes(task.title), 'the notification text names the task');

      const blocks = message['blocks'] as { type: string; text?: { text: string } }[];
      assert.deepEqual(blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Acmebot · Acme Support' } });
      const all = blockTexts(message);
      assert.ok(all.includes(task.title) && all.includes(task.reason), 'the title and the interpolated reason');
      assert.match(all, /\*customer:\* I want a refund of \$42\.50 for order ORD-1001, it arrived broken/);
      assert.match(all, /^\*order_id\*\nORD-1001$/m);
      assert.match(all, /Proposed call:\* `issue_refund`/);
      assert.match(all, /"amount_cents": 4250/);
      assert.ok(all.includes(`<!date^${Math.floor(Date.parse(task.created_at) / 1000)}^{date_short_pretty} at {time}|${task.created_at}>`), 'when it was asked, in Slack date formatting');

      const buttons = buttonsOf(message);
      assert.deepEqual(buttons.map((b) => [b.action_id, (b as unknown as { style: string }).style, b.text.text]), [['approve', 'primary', 'Approve'], ['reject', 'danger', 'Reject']]);
      const { version } = await sb.db.kysely.selectFrom('human_tasks').select('version').where('id', '=', taskId).executeTakeFirstOrThrow();
      for (const button of buttons) assert.deepEqual(JSON.parse(button.value), { p: projectId, t: taskId, v: version }, 'the button names the task as it was when posted');
    });

    it('posts the same message through an incoming webhook', async (t) => {
      const { sb, taskId, posted, message } = await postedRefund(t, { mode: 'webhook' });
      const task = await sb.tasks.get(projectId, taskId);
      assert.equal(posted.headers.authorization, undefined, 'a webhook URL is its own credential');
      assert.ok(blockTexts(message).includes(task.reason));
      assert.deepEqual(buttonsOf(message).map((b) => b.action_id), ['approve', 'reject']);
    });

    it('approves on a signed click by a mapped reviewer: the refund is issued, the run completes and the message shows who decided', async (t) => {
      const { fake, sb, taskId, runId, message } = await postedRefund(t);
      const answer = await click(sb, message, 'approve', fake.responseUrl('first'));
      assert.equal(answer.status, 200);

      const replaced = await fake.next('/response/first');
      assert.equal(replaced.json?.['replace_original'], true);
      assert.deepEqual(buttonsOf(replaced.json ?? {}), [], 'the buttons are gone');
      assert.match(blockTexts(replaced.json), /Approved\* by rita@acme\.test at <!date\^/);
      assert.ok(blockTexts(replaced.json).includes('ORD-1001'), 'the rest of the message stays');

      const task = await sb.tasks.get(projectId, taskId);
      assert.deepEqual([task.status, task.decision, task.responded_by], ['completed', 'approved', reviewer]);
      assert.equal((await sb.engine.getRun(runId))?.status, 'completed');
      assert.equal((await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute()).length, 1, 'the refund was issued');

      await click(sb, message, 'reject', fake.responseUrl('second'));
      const again = await fake.next('/response/second');
      assert.equal(again.json?.['replace_original'], true);
      assert.match(blockTexts(again.json), /Approved\* by rita@acme\.test/, 'the second click is told the decision already taken');
      assert.equal((await sb.tasks.get(projectId, taskId)).decision, 'approved');
      assert.equal((await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute()).length, 1, 'one refund, however often it is clicked');
    });

    it('rejects from a webhook-posted message and replaces it through the response_url', async (t) => {
      const { fake, sb, taskId, message } = await postedRefund(t, { mode: 'webhook' });
      await click(sb, message, 'reject', fake.responseUrl('reject'));
      const replaced = await fake.next('/response/reject');
      assert.equal(replaced.json?.['replace_original'], true);
      assert.match(blockTexts(replaced.json), /Rejected\* by rita@acme\.test/);
      assert.equal((await sb.tasks.get(projectId, taskId)).decision, 'rejected');
      assert.equal((await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute()).length, 0);
    });

    it('refuses a Slack user who is not mapped to a Switchboard user, audits it and tells only them', async (t) => {
      const { fake, sb, taskId, message } = await postedRefund(t);
      assert.equal((await click(sb, message, 'approve', fake.responseUrl('stranger'), 'U0STRANGER')).status, 200);
      const note = await fake.next('/response/stranger');
      assert.deepEqual([note.json?.['response_type'], note.json?.['replace_original']], ['ephemeral', false]);
      assert.match(String(note.json?.['text']), /U0STRANGER\) is not linked to a Switchboard user/);
      await assertStillPending(sb, taskId);
      const refused = await auditRows(sb, 'human_task.decision_refused');
      assert.deepEqual(refused.map((row) => [row.actor, row.subject_id]), [['slack:U0STRANGER', taskId]]);
      assert.match(refused[0]?.data ?? '', /"via":"slack"/);
    });

    it('answers 401 to a forged, a missing and a replayed signature, audits each, and decides nothing', async (t) => {
      const { fake, sb, taskId, message } = await postedRefund(t);
      const payload = buttonClick(message, 'approve', reviewerSlackId, fake.responseUrl('attack'));
      const body = interactionBody(payload);
      const now = unixNow(sb);
      const attempts: [string, Record<string, string>][] = [
        ['mismatch', slackSignatureHeaders('not-the-signing-secret', body, now)],
        ['missing', {}],
        ['stale', slackSignatureHeaders(signingSecret, body, now - 6 * 60)],
        ['stale', slackSignatureHeaders(signingSecret, body, now + 6 * 60)],
      ];
      for (const [problem, headers] of attempts) {
        const answer = await postInteraction(sb, payload, headers);
        assert.equal(answer.status, 401, problem);
        const error = ((await answer.json()) as { error: { code: string } }).error;
        assert.equal(error.code, 'unauthorized');
      }
      const refused = await auditRows(sb, 'hook.signature_refused');
      assert.deepEqual(refused.map((row) => [row.actor, row.subject_id, (JSON.parse(row.data) as { problem: string }).problem]), attempts.map(([problem]) => ['slack:unverified', 'slack', problem]));
      await assertStillPending(sb, taskId);
      assert.deepEqual(fake.requests.filter((request) => request.path.startsWith('/response/')), [], 'nothing was answered');

      // The same click, signed now, goes through: the refusals were about the signatures alone.
      assert.equal((await click(sb, message, 'approve', fake.responseUrl('genuine'))).status, 200);
      await fake.next('/response/genuine');
      assert.equal((await sb.tasks.get(projectId, taskId)).decision, 'approved');
    });

    it('refuses an approval above the reviewer’s limit with the reason, audited, leaving the message as it is', async (t) => {
      const { fake, sb, taskId, message } = await postedRefund(t, { extra: { approval_limits: { reviewer: 1_000 } } });
      await click(sb, message, 'approve', fake.responseUrl('limit'));
      const note = await fake.next('/response/limit');
      assert.deepEqual([note.json?.['response_type'], note.json?.['replace_original']], ['ephemeral', false]);
      assert.match(String(note.json?.['text']), /above the reviewer limit of \$10\.00/);
      await assertStillPending(sb, taskId);
      const refused = await auditRows(sb, 'human_task.decision_refused');
      assert.deepEqual(refused.map((row) => row.actor), [reviewer]);
      assert.match(refused[0]?.data ?? '', /"via":"slack"/);
    });

    it('decides nothing on a click on a message about an older state of the task', async (t) => {
      const { fake, sb, taskId, message } = await postedRefund(t);
      await sb.tasks.assign(projectId, taskId, { assignedTo: 'someone-else@acme.test' }, 'lead@acme.test');
      await click(sb, message, 'approve', fake.responseUrl('stale'));
      const note = await fake.next('/response/stale');
      assert.equal(note.json?.['response_type'], 'ephemeral');
      assert.match(String(note.json?.['text']), /changed after the message was posted/);
      assert.equal((await sb.tasks.get(projectId, taskId)).decision, null);
    });

    it('never blocks the run while Slack fails: the task is open and the message is retried until Slack takes it', async (t) => {
      const clock = new ManualClock();
      const { fake, sb, taskId, runId } = await pausedRefund(t, { clock });
      fake.failWith(500);
      await drain(sb);
      assert.equal((await fake.next('/api/chat.postMessage')).status, 500);
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending');
      assert.equal((await sb.engine.getRun(runId))?.status, 'waiting');
      const waiting = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).where('destination', '=', 'slack').executeTakeFirstOrThrow();
      assert.deepEqual([waiting.status, waiting.attempts], ['pending', 1]);
      assert.match(waiting.last_error ?? '', /HTTP 500/);

      fake.failWith(null);
      clock.advance(60_000);
      await drain(sb);
      assert.equal((await fake.next('/api/chat.postMessage')).status, 200, 'the retry reached Slack');
      const delivered = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts']).where('destination', '=', 'slack').executeTakeFirstOrThrow();
      assert.deepEqual([delivered.status, delivered.attempts], ['delivered', 2]);
    });

    it('keeps the delivery pending when Slack cannot be reached at all', async (t) => {
      const gone = await startFakeSlack({ botToken, channel });
      await gone.close();
      const { sb, taskId, runId } = await pausedRefund(t, { apiUrl: gone.apiUrl });
      await drain(sb);
      assert.equal((await sb.engine.getRun(runId))?.status, 'waiting');
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending');
      const waiting = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'last_error']).where('destination', '=', 'slack').executeTakeFirstOrThrow();
      assert.equal(waiting.status, 'pending');
      assert.match(waiting.last_error ?? '', /could not be reached \(ECONNREFUSED\)/);
    });

    it('says which setting to fix when Slack refuses the bot token', async (t) => {
      const fake = await fakeSlackFor(t);
      const sb = await switchboardForTest(t, dialect, { config: slackConfig(fake), env: { ...slackEnv(fake), SLACK_BOT_TOKEN: 'xoxb-revoked' } });
      await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      await drain(sb);
      assert.equal((await fake.next('/api/chat.postMessage')).json?.['channel'], channel);
      const failed = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'last_error']).where('destination', '=', 'slack').executeTakeFirstOrThrow();
      assert.equal(failed.status, 'pending');
      assert.match(failed.last_error ?? '', /invalid_auth.*notifications\.slack\.bot_token/);
    });

    it('refuses to start when the signing secret’s variable is not set, naming the setting', async (t) => {
      const fake = await fakeSlackFor(t);
      const { SLACK_SIGNING_SECRET: _unset, ...env } = slackEnv(fake);
      await assert.rejects(testSwitchboard(dialect, { config: slackConfig(fake), env }), (error) => {
        assert.ok(isSwitchboardError(error), `a SwitchboardError, got ${String(error)}`);
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /notifications\.slack\.signing_secret uses \$\{SLACK_SIGNING_SECRET\}/);
        return true;
      });
    });

    it('answers 404 on the interaction URL while Slack is not configured', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const answer = await postInteraction(sb, { type: 'block_actions' });
      assert.equal(answer.status, 404);
      assert.match(((await answer.json()) as { error: { message: string } }).error.message, /Slack is not configured/);
    });
  });
}
