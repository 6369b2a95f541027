// Multi-step approvals: above $1,000 a refund needs a manager, then a VP. Each step is its own task;
// a rejection at any step ends the chain; nothing is paid before the last approval.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const rule = '    approval: args.amount_cents + run.money_out_cents > 2500\n';
const chainConfig = () =>
  demoConfigWith((text) => {
    assert.ok(text.includes(rule), 'the demo configuration still has the refund rule this test extends');
    return text.replace(rule, `${rule}    approval_chains:\n      - when: args.amount_cents > 100000\n        steps:\n          - { name: manager, assign_team: managers }\n          - { name: vp, assign_to: vp_sales }\n`);
  });

async function refunds(sb: Switchboard) {
  return sb.db.kysely.selectFrom('demo_refunds').select(['amount_cents', 'attempts']).execute();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`multi-step approvals (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect, { config: chainConfig() });

    it('asks the manager, then the VP, and pays only after the last approval', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'Please refund $1,500.00 for ORD-1003' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
      const first = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.equal(first.title, 'Approve refund of $1,500.00 (step 1 of 2: manager)');
      assert.deepEqual([first.status, first.assigned_team], ['assigned', 'managers']);

      const afterManager = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'maria' });
      assert.equal(afterManager.status, 'PAUSED_FOR_APPROVAL', 'the run still waits, now for the VP');
      assert.notEqual(afterManager.task_id, first.id);
      const second = await sb.tasks.get(projectId, afterManager.task_id ?? '');
      assert.equal(second.title, 'Approve refund of $1,500.00 (step 2 of 2: vp)');
      assert.deepEqual([second.status, second.assigned_to], ['assigned', 'vp_sales']);
      assert.deepEqual(await refunds(sb), [], 'nothing is paid after the first approval');

      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'victor' });
      assert.equal(done.status, 'DONE');
      assert.equal(done.action_result, 'Refund issued: $1,500.00');
      assert.deepEqual((await refunds(sb)).map((r) => ({ ...r })), [{ amount_cents: 150000, attempts: 1 }]);
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['actor', 'action']).where('action', 'in', ['human_task.resolved', 'human_task.created']).orderBy('seq').execute();
      assert.deepEqual(audit.map((a) => [a.actor, a.action]), [['system:engine', 'human_task.created'], ['maria', 'human_task.resolved'], ['maria', 'human_task.created'], ['victor', 'human_task.resolved']]);
    });

    it('ends the chain on a rejection at any step, and pays nothing', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'Please refund $1,500.00 for ORD-1003' });
      await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'maria' });
      const denied = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: false, reason: 'over the quarterly budget', respondedBy: 'victor' });
      assert.equal(denied.status, 'DONE');
      assert.equal(denied.action_result, 'Refund denied: over the quarterly budget');
      assert.deepEqual(await refunds(sb), []);
      assert.equal((await sb.tasks.list(projectId, { type: 'approval' })).length, 2, 'no third step');
    });

    it('carries an edit made at the first step to the next approver and to the payment', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'Please refund $1,500.00 for ORD-1003' });
      await sb.tasks.resolve(projectId, paused.task_id ?? '', { respondedBy: 'maria', decision: 'approved', fields: { args: { amount_cents: 120000 } } });
      const [, second] = await sb.tasks.list(projectId, { type: 'approval', status: 'assigned' }).then((open) => [null, open[0]]);
      assert.equal(second?.tool_call?.args['amount_cents'], 120000);
      await sb.tasks.resolve(projectId, second?.id ?? '', { respondedBy: 'victor', decision: 'approved' });
      assert.deepEqual((await refunds(sb)).map((r) => r.amount_cents), [120000]);
    });

    it('keeps a single approval below the chain threshold', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      const task = await sb.tasks.get(projectId, paused.task_id ?? '');
      assert.equal(task.title, 'Approve refund of $42.50');
      const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(done.status, 'DONE');
    });
  });
}
