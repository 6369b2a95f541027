// Dead letters as an operator meets them: a destination that refuses an event leaves a dead delivery,
// visible over the API and the CLI; redelivery puts it back in the queue with the same event id,
// and the worker delivers it. Every redelivery is in the audit log.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { PermanentDeliveryError, type OutboxDelivery, type OutboxSink } from '../../src/engine/outbox.ts';
import { apiApp } from '../support/api-app.ts';
import { runCli } from '../support/cli-process.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';

/** Refuses every event until `up` is set; records what it accepted with the event id. */
function crm(): OutboxSink & { up: boolean; accepted: { topic: string; eventId: string }[] } {
  const sink = {
    name: 'webhook:crm',
    topics: ['task.created'] as const,
    up: false,
    accepted: [] as { topic: string; eventId: string }[],
    deliver: async (delivery: OutboxDelivery) => {
      if (!sink.up) throw new PermanentDeliveryError('HTTP 410 Gone');
      sink.accepted.push({ topic: delivery.topic, eventId: delivery.id });
    },
  };
  return sink;
}

async function drain(sb: Switchboard): Promise<void> {
  while ((await sb.worker.tick()) > 0);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`outbox dead letters (${dialect})`, () => {
    async function withDeadLetter(t: TestContext) {
      const sink = crm();
      const env = await testSwitchboard(dialect, { sinks: [sink] });
      t.after(() => env.close());
      const paused = await env.sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      await drain(env.sb);
      return { ...env, sink, paused };
    }

    it('lists the dead letter, redelivers it with the same event id, and audits who did', async (t) => {
      const { sb, sink } = await withDeadLetter(t);
      const api = await apiApp(sb, { role: 'admin', keyName: 'ops' });
      const listed = (await (await api.request('/api/projects/default/outbox?status=dead')).json()) as { deliveries: { id: string; event_id: string; destination: string; topic: string; last_error: string; attempts: number }[] };
      assert.equal(listed.deliveries.length, 1);
      const [dead] = listed.deliveries;
      assert.ok(dead);
      assert.deepEqual([dead.destination, dead.topic, dead.last_error, dead.attempts], ['webhook:crm', 'task.created', 'HTTP 410 Gone', 1]);

      sink.up = true;
      const again = await api.request(`/api/projects/default/outbox/${dead.id}/redeliver`, { method: 'POST' });
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as { status: string }).status, 'pending');
      const twice = await api.request(`/api/projects/default/outbox/${dead.id}/redeliver`, { method: 'POST' });
      assert.equal(twice.status, 409, 'a pending delivery is not queued twice');

      await drain(sb);
      assert.deepEqual(sink.accepted, [{ topic: 'task.created', eventId: dead.event_id }]);
      const after = (await (await api.request('/api/projects/default/outbox?destination=webhook:crm')).json()) as { deliveries: { status: string }[] };
      assert.deepEqual(after.deliveries.map((d) => d.status), ['delivered']);
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['action', 'actor', 'subject_id']).where('action', '=', 'outbox.redelivered').execute();
      assert.deepEqual(audit.map((a) => ({ ...a })), [{ action: 'outbox.redelivered', actor: 'key:ops', subject_id: dead.id }]);
    });

    it('answers 404 for an unknown delivery and 400 for an unknown status', async (t) => {
      const { sb } = await withDeadLetter(t);
      const api = await apiApp(sb, { role: 'admin' });
      const missing = await api.request('/api/projects/default/outbox/dlv_nope/redeliver', { method: 'POST' });
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
      assert.equal((await api.request('/api/projects/default/outbox?status=lost')).status, 400);
    });

    it('shows and redelivers dead letters from the CLI', { timeout: 180_000 }, async (t) => {
      const { sb, database } = await withDeadLetter(t);
      const listed = await runCli(['outbox', '--status', 'dead', '--json'], database.env);
      assert.equal(listed.code, 0, listed.stderr);
      const deliveries = (JSON.parse(listed.stdout) as { outbox: { destination: string; status: string }[] }).outbox;
      assert.deepEqual(deliveries.map((d) => [d.destination, d.status]), [['webhook:crm', 'dead']]);

      const table = await runCli(['outbox', '--status', 'dead'], database.env);
      assert.match(table.stdout, /dead +webhook:crm +task\.created +1 .*HTTP 410 Gone/);

      const usage = await runCli(['outbox', 'redeliver'], database.env);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /Pass a delivery id or --all-dead/);

      const redelivered = await runCli(['outbox', 'redeliver', '--all-dead', '--destination', 'webhook:crm', '--by', 'olga'], database.env);
      assert.equal(redelivered.code, 0, redelivered.stderr);
      assert.equal(redelivered.stdout, '1 dead letter is pending again; the worker sends it next.\n');
      const rows = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts']).where('destination', '=', 'webhook:crm').execute();
      assert.deepEqual(rows.map((r) => ({ ...r })), [{ status: 'pending', attempts: 0 }]);
      const audit = await sb.db.kysely.selectFrom('audit_log').select('actor').where('action', '=', 'outbox.redelivered').execute();
      assert.deepEqual(audit.map((a) => a.actor), ['olga']);
    });
  });
}
