// The transactional outbox: rows written with the step, fanned out into one delivery per destination,
// each retried with backoff and dead-lettered after the last attempt on its own, deduplicated by key.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, isoAt, type Clock } from '../../src/domain/clock.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import type { Priority } from '../../src/domain/ticket.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { PermanentDeliveryError, enqueueOutbox, type OutboxDelivery, type OutboxSink } from '../../src/engine/outbox.ts';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '../../src/engine/outbox-dispatcher.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { fromJson } from '../../src/store/json.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const ids = createIdGenerator();

function dispatcherFor(options: Omit<OutboxDispatcherOptions, 'ids'>): OutboxDispatcher {
  return new OutboxDispatcher({ ids, ...options });
}

/** Every round until nothing is left: events fanned out, then deliveries made. */
async function drain(dispatcher: OutboxDispatcher): Promise<number> {
  let handled = 0;
  for (let n = await dispatcher.dispatchBatch(); n > 0; n = await dispatcher.dispatchBatch()) handled += n;
  return handled;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`outbox (${dialect})`, () => {
    const open = (t: TestContext, clock: Clock = new ManualClock()) => switchboardForTest(t, dialect, { clock });

    it('writes task.created and run.paused in the transaction of the step that pauses a refund', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const rows = await sb.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
      const byTopic = new Map(rows.map((row) => [row.topic, { key: row.dedupe_key, status: row.status, payload: fromJson<Record<string, unknown>>(row.payload, {}) }]));

      assert.deepEqual([...byTopic.keys()].sort(), ['message.created', 'run.paused', 'task.created', 'ticket.created']);
      assert.deepEqual(byTopic.get('task.created')?.key, `task.created:${paused.task_id}`);
      assert.equal(byTopic.get('task.created')?.payload['runId'], paused.run_id);
      assert.deepEqual(byTopic.get('task.created')?.payload['toolCall'], { tool: 'issue_refund', args: { amount_cents: 4250, currency: 'USD', order_id: null, reason: 'I want a refund of $42.50' } });
      assert.deepEqual(byTopic.get('run.paused'), { key: `run.paused:${paused.run_id}:2`, status: 'pending', payload: { runId: paused.run_id, ticketId: (await sb.tickets.find(projectId, paused.thread_id)).id, waitingFor: 'approval', taskId: paused.task_id } });
    });

    it('rolls the outbox rows back with a step whose commit fails', async (t) => {
      // The node pauses for approval (task.created, run.paused, message.created) but asks for a ticket
      // priority the schema rejects: the last statement of the step's transaction fails.
      const invalidPriority = 'urgent' as Priority;
      const pauseBadly = workflow<WorkflowState>('pause-badly')
        .node('gate', {
          run: async () => ({
            kind: 'interrupt',
            wait: { kind: 'approval', task: { title: 'Approve', reason: 'test', priority: 'high', toolCall: { tool: 'issue_refund', args: {} } } },
            reply: 'Passed to a reviewer.',
            ticket: { priority: invalidPriority },
            record: { layer: 'system', source: 'test', decision: 'gate' },
          }),
        })
        .build(() => ({}));
      const logged: { err?: unknown }[] = [];
      const logger = { info: () => undefined, warn: (entry: { err?: unknown }) => void logged.push(entry), error: () => undefined };
      const env = await testSwitchboard(dialect, { workflows: [pauseBadly], logger });
      t.after(() => env.close());
      const { sb } = env;
      const now = isoAt(sb.clock);
      await sb.db.kysely.insertInto('tickets').values({ id: 'tkt_1', project_id: projectId, number: 1, thread_id: 'thr_1', status: 'new', category: null, priority: 'medium', subject: 'test', customer_email: null, assignee: null, version: 0, created_at: now, updated_at: now }).execute();
      const { id: runId } = await sb.engine.createRun(sb.db.kysely, { projectId, ticketId: 'tkt_1', workflow: 'pause-badly', state: {} });

      assert.equal((await sb.engine.drive(runId))?.status, 'queued', 'the step is retried later');
      assert.ok(logged.some((entry) => /tickets_priority_check/.test(String(entry.err))), 'the failed commit is logged');
      assert.deepEqual(await sb.db.kysely.selectFrom('outbox').selectAll().execute(), []);
      assert.deepEqual(await sb.db.kysely.selectFrom('human_tasks').selectAll().execute(), []);
      assert.deepEqual(await sb.db.kysely.selectFrom('messages').selectAll().execute(), []);
      assert.deepEqual(await sb.db.kysely.selectFrom('steps').selectAll().execute(), []);
      const run = await sb.engine.getRun(runId);
      assert.deepEqual({ status: run?.status, stepCount: run?.stepCount, wait: run?.wait, attempts: run?.attempts }, { status: 'queued', stepCount: 0, wait: null, attempts: 1 });
    });

    it('delivers each message once to each sink, and a second pass finds nothing to do', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const pending = await sb.db.kysely.selectFrom('outbox').select('id').execute();
      const email = recordingSink('email');
      const webhook = recordingSink('webhook');
      const dispatcher = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [email, webhook] });

      assert.equal(await dispatcher.dispatchBatch(), pending.length * 3, 'every event fanned out to two destinations, and both deliveries made');
      assert.equal(await dispatcher.dispatchBatch(), 0);
      const expected = pending.map((p) => p.id).sort();
      assert.deepEqual([...email.received].sort(), expected);
      assert.deepEqual([...webhook.received].sort(), expected);
      const rows = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'delivered_at', 'lease_owner']).execute();
      assert.equal(rows.length, pending.length * 2);
      for (const row of rows) assert.deepEqual({ ...row }, { status: 'delivered', attempts: 1, delivered_at: isoAt(clock), lease_owner: null });
    });

    it('retries only the destination that failed: the other one is not sent the event again', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'task.created', dedupeKey: 'task.created:t1', payload: { taskId: 't1' } });
      const working = recordingSink('webhook');
      let down = true;
      const mail: OutboxSink & { received: string[] } = {
        name: 'email',
        received: [],
        deliver: async (delivery) => {
          if (down) throw new Error('SMTP server down');
          mail.received.push(delivery.id);
        },
      };
      const dispatcher = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [working, mail], random: () => 0 });

      await drain(dispatcher);
      down = false;
      clock.advance(60_000);
      await drain(dispatcher);
      assert.equal(working.received.length, 1, 'the webhook got the event once');
      assert.equal(mail.received.length, 1, 'the mail went out once the server was back');
      const rows = await sb.db.kysely.selectFrom('outbox_deliveries').select(['destination', 'status', 'attempts']).orderBy('destination').execute();
      assert.deepEqual(rows.map((r) => ({ ...r })), [
        { destination: 'email', status: 'delivered', attempts: 2 },
        { destination: 'webhook', status: 'delivered', attempts: 1 },
      ]);
    });

    it('sends a sink only the topics it asks for', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'task.created', dedupeKey: 'task.created:t1', payload: {} });
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'run.completed', dedupeKey: 'run.finished:r1', payload: {} });
      const tasksOnly = { ...recordingSink('tasks-only'), topics: ['task.created'] as const };
      await drain(dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [tasksOnly] }));
      const delivered = await sb.db.kysely.selectFrom('outbox_deliveries as d').innerJoin('outbox as o', 'o.id', 'd.outbox_id').select('o.topic').execute();
      assert.deepEqual(delivered.map((d) => d.topic), ['task.created']);
      assert.equal(tasksOnly.received.length, 1);
    });

    it('dead-letters at once a delivery the sink says can never succeed', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'task.created', dedupeKey: 'task.created:t1', payload: {} });
      const gone: OutboxSink = {
        name: 'webhook:billing',
        deliver: async () => {
          throw new PermanentDeliveryError('HTTP 410 Gone: the endpoint is switched off');
        },
      };
      await drain(dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [gone] }));
      const row = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { status: 'dead', attempts: 1, last_error: 'HTTP 410 Gone: the endpoint is switched off' });
    });

    it('logs every event through the default sink when the worker delivers the outbox', async (t) => {
      const lines: { event?: string; dedupeKey?: string }[] = [];
      const logger = { info: (entry: object) => void lines.push(entry), warn: () => undefined, error: () => undefined };
      const sb = await switchboardForTest(t, dialect, { logger });
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      while ((await sb.worker.tick()) > 0);
      const events = lines.map((line) => line.event);
      for (const topic of ['ticket.created', 'message.created', 'task.created', 'run.paused']) assert.ok(events.includes(topic), `${topic} was logged`);
      assert.ok(lines.some((line) => line.dedupeKey === `task.created:${paused.task_id}`));
      const undelivered = await sb.db.kysely.selectFrom('outbox_deliveries').select('id').where('status', '!=', 'delivered').execute();
      assert.deepEqual(undelivered, []);
      assert.ok((await sb.db.kysely.selectFrom('outbox_deliveries').select('id').execute()).length > 0);
    });

    it('delivers each message once when two dispatchers run at the same time', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      for (let i = 0; i < 30; i++) await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'message.created', dedupeKey: `message.created:m${i}`, payload: { i } });
      const sink = recordingSink('webhook');
      const first = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [sink] });
      const second = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-2', sinks: [sink] });

      let handled = 0;
      for (;;) {
        const [a, b] = await Promise.all([first.dispatchBatch(7), second.dispatchBatch(7)]);
        if (a + b === 0) break;
        handled += a + b;
      }
      assert.equal(handled, 60, '30 events fanned out and 30 deliveries made');
      assert.equal(sink.received.length, 30);
      assert.equal(new Set(sink.received).size, 30, 'no message was delivered twice');
    });

    it('retries a failing sink with backoff and dead-letters the message after the last attempt', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'task.created', dedupeKey: 'task.created:t1', payload: { taskId: 't1' } });
      let calls = 0;
      const failing: OutboxSink = {
        name: 'broken-webhook',
        deliver: async () => {
          calls++;
          throw new Error(`HTTP 503 (call ${calls})`);
        },
      };
      // random = 0.5: the delay is exactly three quarters of the exponential step.
      const dispatcher = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [failing], maxAttempts: 3, baseDelayMs: 1_000, random: () => 0.5 });
      const row = async () => ({ ...(await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'available_at', 'last_error']).executeTakeFirstOrThrow()) });

      assert.equal(await dispatcher.dispatchBatch(), 2, 'fanned out and tried once');
      assert.deepEqual(await row(), { status: 'pending', attempts: 1, available_at: isoAt(clock, 750), last_error: 'HTTP 503 (call 1)' });

      clock.advance(749);
      assert.equal(await dispatcher.dispatchBatch(), 0, 'not before the backoff has passed');
      clock.advance(1);
      assert.equal(await dispatcher.dispatchBatch(), 1);
      assert.deepEqual(await row(), { status: 'pending', attempts: 2, available_at: isoAt(clock, 1_500), last_error: 'HTTP 503 (call 2)' });

      clock.advance(1_500);
      assert.equal(await dispatcher.dispatchBatch(), 1);
      assert.deepEqual(await row(), { status: 'dead', attempts: 3, available_at: isoAt(clock), last_error: 'HTTP 503 (call 3)' });

      clock.advance(24 * 60 * 60_000);
      assert.equal(await dispatcher.dispatchBatch(), 0, 'a dead message is not retried');
      assert.equal(calls, 3);
    });

    it('delivers a message whose sink recovers, counting the attempts', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'run.completed', dedupeKey: 'run.finished:r1', payload: { runId: 'r1' } });
      let calls = 0;
      const flaky: OutboxSink = {
        name: 'flaky',
        deliver: async () => {
          if (++calls < 3) throw new Error('connection reset');
        },
      };
      const dispatcher = dispatcherFor({ db: sb.db, clock, workerId: 'dispatcher-1', sinks: [flaky], random: () => 0 });

      for (let round = 0; round < 3; round++) {
        assert.equal(await dispatcher.dispatchBatch(), round === 0 ? 2 : 1);
        clock.advance(60_000);
      }
      const row = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { status: 'delivered', attempts: 3, last_error: null });
    });

    it('keeps one row when the same dedupe key is inserted twice', async (t) => {
      const clock = new ManualClock();
      const sb = await open(t, clock);
      await enqueueOutbox(sb.db.kysely, ids, clock, { projectId, topic: 'task.resolved', dedupeKey: 'task.resolved:t1', payload: { decision: 'approved' } });
      await sb.db.kysely.transaction().execute((trx) => enqueueOutbox(trx, ids, clock, { projectId, topic: 'task.resolved', dedupeKey: 'task.resolved:t1', payload: { decision: 'rejected' } }));
      const rows = await sb.db.kysely.selectFrom('outbox').select(['dedupe_key', 'payload']).execute();
      assert.deepEqual(rows.map((row) => ({ ...row })), [{ dedupe_key: 'task.resolved:t1', payload: JSON.stringify({ decision: 'approved' }) }], 'the first event wins');
    });
  });
}

function recordingSink(name: string): OutboxSink & { received: string[] } {
  const received: string[] = [];
  return {
    name,
    received,
    deliver: async (delivery: OutboxDelivery) => {
      received.push(delivery.id);
    },
  };
}
