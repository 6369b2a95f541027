// Due dates and escalation chains: a task's deadline passes, it moves up its chain (reassigned,
// raised, announced), and after the last level the expiry rule decides. Driven by a manual clock,
// across a restart.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createSwitchboard, type Switchboard } from '../../src/app/switchboard.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { sharedCacheDir } from '../support/cli-process.ts';
import { createTestDatabase, dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const minute = 60_000;

function inboxConfig(onExpiry: string) {
  return demoConfigWith(
    (text) => `${text}
inbox:
  sla_minutes: { high: 60, medium: 240 }
  escalation_chain:
    - { assign_team: team_leads, due_in_minutes: 30 }
    - { assign_to: support_manager, due_in_minutes: 30 }
  on_expiry: ${onExpiry}
`,
  );
}

async function refundTask(sb: Switchboard, message = 'I want a refund of $42.50') {
  const paused = await sb.chat.postMessage({ projectId, message });
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  return { paused, task: await sb.tasks.get(projectId, paused.task_id ?? '') };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`task SLA and escalation chains (${dialect})`, () => {
    const open = (t: TestContext, clock: ManualClock, onExpiry = 'auto_deny') => switchboardForTest(t, dialect, { clock, config: inboxConfig(onExpiry) });

    it('gives a new task its due time from the SLA for its priority', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const sb = await open(t, clock);
      const { task } = await refundTask(sb);
      assert.equal(task.priority, 'high');
      assert.equal(task.due_at, '2026-11-21T10:00:00.000Z');
      const created = await sb.tasks.create(projectId, { type: 'review', title: 'Check', reason: 'Look at it', createdBy: 'lead' });
      assert.equal(created.due_at, '2026-11-21T13:00:00.000Z', 'medium priority: 240 minutes');
    });

    it('moves an overdue task up its chain: reassigned, raised, announced and audited', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const sb = await open(t, clock);
      const { task } = await refundTask(sb);
      await sb.worker.tick();
      assert.equal((await sb.tasks.get(projectId, task.id)).escalation_level, 0, 'nothing happens before the deadline');

      clock.advance(61 * minute);
      await sb.worker.tick();
      const first = await sb.tasks.get(projectId, task.id);
      assert.deepEqual([first.status, first.escalation_level, first.assigned_team, first.priority, first.due_at], ['assigned', 1, 'team_leads', 'critical', '2026-11-21T10:31:00.000Z']);

      clock.advance(31 * minute);
      await sb.worker.tick();
      const second = await sb.tasks.get(projectId, task.id);
      assert.deepEqual([second.escalation_level, second.assigned_to, second.assigned_team], [2, 'support_manager', null]);

      const audit = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'human_task.escalated').execute();
      assert.equal(audit.length, 2);
      assert.ok(audit.every((row) => row.actor === 'system:sla'));
      const announced = await sb.db.kysely.selectFrom('outbox').select('topic').where('topic', '=', 'task.escalated').execute();
      assert.equal(announced.length, 2);
    });

    it('denies at the end of the chain with auto_deny, and the customer hears the outcome', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const sb = await open(t, clock, 'auto_deny');
      const { paused, task } = await refundTask(sb);
      for (const wait of [61, 31, 31]) {
        clock.advance(wait * minute);
        await sb.worker.tick();
      }
      const expired = await sb.tasks.get(projectId, task.id);
      assert.deepEqual([expired.status, expired.decision, expired.responded_by], ['expired', 'rejected', 'system:sla']);
      const result = await sb.chat.runResult(paused.run_id);
      assert.equal(result.status, 'DONE');
      assert.match(result.reply ?? '', /not approved, because no decision before the deadline/);
      assert.equal((await sb.db.kysely.selectFrom('demo_refunds').select('id').execute()).length, 0);
    });

    it('approves amounts below the limit with auto_approve_below_cents and keeps escalating larger ones', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const sb = await open(t, clock, '{ auto_approve_below_cents: 5000 }');
      const small = await refundTask(sb, 'I want a refund of $42.50');
      const large = await refundTask(sb, 'I want a refund of $99.00');
      for (const wait of [61, 31, 31]) {
        clock.advance(wait * minute);
        await sb.worker.tick();
      }
      assert.equal((await sb.chat.runResult(small.paused.run_id)).action_result, 'Refund issued: $42.50');
      const refunds = await sb.db.kysely.selectFrom('demo_refunds').select(['amount_cents', 'attempts']).execute();
      assert.deepEqual(refunds.map((r) => [r.amount_cents, r.attempts]), [[4250, 1]]);
      const stillOpen = await sb.tasks.get(projectId, large.task.id);
      assert.deepEqual([stillOpen.status, stillOpen.escalation_level, stillOpen.priority], ['assigned', 3, 'critical']);
    });

    it('keeps the deadline across a restart: a fresh process escalates the overdue task', async (t) => {
      const database = await createTestDatabase(dialect);
      t.after(() => database.drop());
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const config = inboxConfig('auto_deny');
      const first = await createSwitchboard({ store: database.target, clock, config, cacheDir: sharedCacheDir, pollMs: 20 });
      const { task } = await refundTask(first);
      await first.close();

      clock.advance(61 * minute);
      const second = await createSwitchboard({ store: database.target, clock, config, cacheDir: sharedCacheDir, pollMs: 20 });
      t.after(() => second.close());
      await second.worker.tick();
      const escalated = await second.tasks.get(projectId, task.id);
      assert.deepEqual([escalated.escalation_level, escalated.assigned_team], [1, 'team_leads']);
    });
  });
}
