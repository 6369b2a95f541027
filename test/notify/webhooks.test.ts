// Outbound webhooks end to end: a refund conversation and its approval reach a real receiver on
// 127.0.0.1 as signed Standard Webhooks events, retried with the same webhook-id, switched off by a
// 410 Gone and back on by an operator, and never sent to a private address the configuration did not allow.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { parseConfig, demoConfigPath, type LoadedConfig } from '../../src/config/load-config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { generateSecret } from '../../src/notify/webhooks/standard-webhooks.ts';
import { apiApp } from '../support/api-app.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../support/fake-webhook-receiver.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const secret = generateSecret();
const env = { ACME_WEBHOOK_SECRET: secret };

interface Hook {
  name: string;
  url: string;
  events?: string[];
  allow_private?: boolean;
  secret?: string;
}

function webhookConfig(hooks: readonly Hook[]): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('webhooks', hooks.map((hook) => ({ secret: '${ACME_WEBHOOK_SECRET}', allow_private: true, timeout_ms: 5_000, ...hook })));
  return parseConfig(document.toString(), { source: 'webhooks-test.yaml', baseDir: dirname(demoConfigPath) });
}

async function receiver(t: TestContext, clock: ManualClock): Promise<FakeWebhookReceiver> {
  const started = await startWebhookReceiver({ secret, now: () => clock.now() });
  t.after(() => started.close());
  return started;
}

async function drain(sb: Switchboard): Promise<void> {
  while ((await sb.worker.tick()) > 0);
}

async function pausedRefund(sb: Switchboard): Promise<{ taskId: string; runId: string }> {
  const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
  assert.ok(paused.task_id, 'the refund waits for a reviewer');
  await drain(sb);
  return { taskId: paused.task_id, runId: paused.run_id };
}

async function approve(sb: Switchboard, taskId: string): Promise<void> {
  await sb.tasks.resolve(projectId, taskId, { respondedBy: 'alice', decision: 'approved' });
  await drain(sb);
}

async function eventIds(sb: Switchboard): Promise<Map<string, string>> {
  const rows = await sb.db.kysely.selectFrom('outbox').select(['id', 'topic']).execute();
  return new Map(rows.map((row) => [row.topic, row.id]));
}

async function delivery(sb: Switchboard, destination: string, topic: string) {
  return sb.db.kysely
    .selectFrom('outbox_deliveries as d')
    .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.status', 'd.attempts', 'd.last_error'])
    .where('d.destination', '=', destination)
    .where('o.topic', '=', topic)
    .executeTakeFirstOrThrow();
}

function types(hook: FakeWebhookReceiver): string[] {
  return hook.received.map((received) => received.event.type).sort();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`outbound webhooks (${dialect})`, () => {
    it('sends a refund conversation and its approval as five signed events the receiver verifies', async (t) => {
      const clock = new ManualClock();
      const hook = await receiver(t, clock);
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig([{ name: 'acme', url: hook.url }]) });

      const { taskId, runId } = await pausedRefund(sb);
      assert.deepEqual(types(hook), ['run.paused', 'task.created', 'ticket.created']);
      await approve(sb, taskId);
      assert.deepEqual(types(hook), ['run.completed', 'run.paused', 'task.created', 'task.resolved', 'ticket.created']);

      const ids = await eventIds(sb);
      for (const received of hook.received) {
        assert.equal(received.verified, 'valid', `${received.event.type} is signed with the endpoint's secret`);
        assert.equal(received.answered, 200);
        assert.deepEqual([received.method, received.path], ['POST', '/hooks/switchboard']);
        assert.equal(received.headers['webhook-id'], ids.get(received.event.type), 'the webhook-id is the event id');
        assert.equal(received.headers['webhook-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));
        assert.equal(received.headers['content-type'], 'application/json');
        assert.equal(received.headers['user-agent'], 'Switchboard-Webhooks/1');
        assert.equal(received.event.timestamp, clock.now().toISOString());
        assert.equal(received.event.data['projectId'], projectId);
      }
      const data = (type: string) => hook.received.find((received) => received.event.type === type)?.event.data;
      const ticketId = (await sb.tickets.list(projectId)).find(() => true)?.id;
      assert.deepEqual(data('task.created'), { ...data('task.created'), taskId, runId, ticketId, type: 'approval', toolCall: { tool: 'issue_refund', args: { amount_cents: 4250, currency: 'USD', order_id: null, reason: 'I want a refund of $42.50' } } });
      assert.deepEqual(data('run.paused'), { runId, ticketId, waitingFor: 'approval', taskId, projectId });
      assert.deepEqual(data('task.resolved'), { taskId, runId, decision: 'approved', respondedBy: 'alice', projectId });
      assert.deepEqual(data('run.completed'), { runId, ticketId, status: 'completed', projectId });
      assert.equal(data('ticket.created')?.['ticketId'], ticketId);
    });

    it('sends each endpoint only the events it lists', async (t) => {
      const clock = new ManualClock();
      const [decisions, everything] = [await receiver(t, clock), await receiver(t, clock)];
      const hooks = [
        { name: 'decisions', url: decisions.url, events: ['task.created', 'task.resolved'] },
        { name: 'everything', url: everything.url },
      ];
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig(hooks) });

      await approve(sb, (await pausedRefund(sb)).taskId);
      assert.deepEqual(types(decisions), ['task.created', 'task.resolved']);
      assert.equal(everything.received.length, 5);
      const destinations = await sb.db.kysely.selectFrom('outbox_deliveries').select('destination').where('destination', '=', 'webhook:decisions').execute();
      assert.equal(destinations.length, 2, 'no delivery row for the events it does not want');
    });

    it('retries a delivery the receiver answered 500 to, with the same webhook-id and body', async (t) => {
      const clock = new ManualClock();
      const hook = await receiver(t, clock);
      hook.answerWith(500);
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig([{ name: 'acme', url: hook.url, events: ['task.created'] }]) });

      await pausedRefund(sb);
      assert.equal(hook.received.length, 1);
      assert.deepEqual({ ...(await delivery(sb, 'webhook:acme', 'task.created')) }, { status: 'pending', attempts: 1, last_error: 'Webhook "acme" answered 500: try again later' });

      clock.advance(60_000);
      await drain(sb);
      const [first, second] = hook.received;
      assert.ok(first && second, 'the event was sent again after the backoff');
      assert.equal(second.answered, 200);
      assert.equal(second.verified, 'valid');
      assert.equal(second.headers['webhook-id'], first.headers['webhook-id'], 'the receiver can tell it is the same event');
      assert.equal(second.body, first.body);
      assert.equal(Number(second.headers['webhook-timestamp']), Number(first.headers['webhook-timestamp']) + 60, 'each attempt is signed at its own time');
      assert.deepEqual({ ...(await delivery(sb, 'webhook:acme', 'task.created')) }, { status: 'delivered', attempts: 2, last_error: null });
    });

    it('switches an endpoint off when it answers 410 Gone, dead-letters later events unsent, and turns it back on through the API', async (t) => {
      const clock = new ManualClock();
      const hook = await receiver(t, clock);
      hook.answerWith(410);
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig([{ name: 'acme', url: hook.url, events: ['task.created', 'task.resolved'] }]) });
      const api = await apiApp(sb, { role: 'admin', keyName: 'ops' });

      const { taskId } = await pausedRefund(sb);
      assert.deepEqual({ ...(await delivery(sb, 'webhook:acme', 'task.created')) }, { status: 'dead', attempts: 1, last_error: 'Webhook "acme" answered 410 Gone: endpoint switched off; "switchboard webhooks enable acme" turns it back on.' });
      await approve(sb, taskId);
      assert.equal(hook.received.length, 1, 'nothing is sent while the endpoint is off');
      const resolved = await delivery(sb, 'webhook:acme', 'task.resolved');
      assert.equal(resolved.status, 'dead');
      assert.match(resolved.last_error ?? '', /^endpoint switched off after 410 Gone/);

      const listed = await api.request(`/api/projects/${projectId}/webhooks`);
      assert.equal(listed.status, 200);
      const [off] = ((await listed.json()) as { webhooks: { enabled: boolean; disabled_reason: string | null; url: string }[] }).webhooks;
      assert.deepEqual({ enabled: off?.enabled, url: off?.url }, { enabled: false, url: hook.url });
      assert.match(off?.disabled_reason ?? '', /410 Gone/);

      const enabled = await api.request(`/api/projects/${projectId}/webhooks/acme/enable`, { method: 'POST' });
      assert.equal(enabled.status, 200);
      assert.deepEqual(await enabled.json(), { name: 'acme', url: hook.url, events: ['task.created', 'task.resolved'], enabled: true, disabled_at: null, disabled_reason: null });
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'subject_id']).where('action', '=', 'webhook.enabled').execute();
      assert.deepEqual(audit.map((row) => ({ ...row })), [{ actor: 'key:ops', subject_id: 'acme' }]);

      await sb.chat.postMessage({ projectId, message: 'I want a refund of $55.00 for another order' });
      await drain(sb);
      assert.deepEqual(hook.received.map((received) => [received.event.type, received.answered]), [['task.created', 410], ['task.created', 200]]);
    });

    it('answers 404 when asked to enable an endpoint that is not configured', async (t) => {
      const clock = new ManualClock();
      const hook = await receiver(t, clock);
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig([{ name: 'acme', url: hook.url }]) });
      const response = await (await apiApp(sb)).request(`/api/projects/${projectId}/webhooks/billing/enable`, { method: 'POST' });
      assert.equal(response.status, 404);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /No webhook "billing" is configured/);
    });

    it('refuses a loopback receiver the configuration does not allow, and the receiver gets nothing', async (t) => {
      const clock = new ManualClock();
      const hook = await receiver(t, clock);
      const url = `http://localhost:${hook.port}/hooks/switchboard`;
      const sb = await switchboardForTest(t, dialect, { clock, env, config: webhookConfig([{ name: 'acme', url, events: ['task.created'], allow_private: false }]) });

      await pausedRefund(sb);
      assert.deepEqual(hook.received, []);
      const refused = await delivery(sb, 'webhook:acme', 'task.created');
      assert.deepEqual({ status: refused.status, attempts: refused.attempts }, { status: 'dead', attempts: 1 }, 'a refused address is not retried');
      assert.match(refused.last_error ?? '', /^Webhook "acme" may not call localhost \(.+\) \(loopback\)\. Set allow_private: true/);
    });

    it('refuses at start a loopback address written in the URL without allow_private', async () => {
      const config = webhookConfig([{ name: 'acme', url: 'http://127.0.0.1:9/hook', allow_private: false }]);
      await assert.rejects(testSwitchboard(dialect, { env, config }), (error) => {
        assert.ok(isSwitchboardError(error));
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /^webhooks\[0\]\.url: Webhook "acme" may not call 127\.0\.0\.1 \(loopback\)/);
        return true;
      });
    });

    it('fails at start when the secret names an environment variable that is not set', async () => {
      const config = webhookConfig([{ name: 'acme', url: 'https://hooks.example.com/switchboard' }]);
      await assert.rejects(testSwitchboard(dialect, { env: {}, config }), (error) => {
        assert.ok(isSwitchboardError(error));
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /^webhooks\[0\]\.secret uses \$\{ACME_WEBHOOK_SECRET\}, but the environment variable ACME_WEBHOOK_SECRET is not set/);
        return true;
      });
    });

    it('fails at start when the secret is not whsec_ and base64, saying how to make one', async () => {
      const config = webhookConfig([{ name: 'acme', url: 'https://hooks.example.com/switchboard', secret: 'my-shared-password' }]);
      await assert.rejects(testSwitchboard(dialect, { env, config }), (error) => {
        assert.ok(isSwitchboardError(error));
        assert.equal(error.code, 'invalid_config');
        assert.match(error.message, /^webhooks\[0\]\.secret must be "whsec_" followed by the base64 of 24 to 64 random bytes .*"switchboard webhooks secret" prints a new one\.$/);
        return true;
      });
    });
  });
}
