// Escalation triggers run by the engine after every step: the first that fires pauses the run on an
// escalation task; the person's answer and on_human_complete decide what happens next.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

const escalationYaml = `
escalation:
  agent:
    triggers:
      - WHEN: user.frustration_detected == true
        REASON: "User showing signs of frustration"
        PRIORITY: high
        TAGS: [sentiment, retention]
        context_for_human: [user.frustration_score, entities.order_id]
      - WHEN: refund_amount > 1000
        REASON: "High-value refund of \${{refund_amount}} requires manager approval"
        PRIORITY: medium
        TAGS: [refund, approval_needed]
        on_human_complete:
          - IF human.decision == "approve_refund": CONTINUE
          - IF human.decision == "resolved": COMPLETE
          - IF human.decision == "reassign": HANDOFF to billing_team
`;

async function tasksOf(sb: Switchboard, runId: string) {
  return sb.db.kysely.selectFrom('human_tasks').selectAll().where('run_id', '=', runId).orderBy('created_at').execute();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`escalation triggers in the engine (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect, { config: demoConfigWith((text) => `${text}\n${escalationYaml}`) });

    it('pauses the run on an escalation task with the rendered reason when a trigger fires after a step', async (t) => {
      const sb = await open(t);
      const result = await sb.chat.postMessage({ projectId, message: 'I want a refund of $1,500.00 for order ORD-1003' });
      assert.equal(result.status, 'WITH_HUMAN');
      const [task] = await tasksOf(sb, result.run_id);
      assert.equal(task?.type, 'escalation');
      assert.equal(task?.reason, 'High-value refund of $1500 requires manager approval');
      assert.equal(task?.priority, 'medium');
      assert.deepEqual((JSON.parse(task?.context ?? '{}') as { tags?: unknown }).tags, ['refund', 'approval_needed']);
      assert.equal((await sb.tickets.find(projectId, result.thread_id)).status, 'with_human');
      const steps = await sb.db.kysely.selectFrom('steps').select('node').where('run_id', '=', result.run_id).execute();
      assert.deepEqual(steps.map((s) => s.node), ['classify'], 'the run stopped after the step that fired the trigger');
      assert.equal(await sb.db.kysely.selectFrom('demo_refunds').select('id').execute().then((r) => r.length), 0);
    });

    it('CONTINUE goes on where the run was headed, and the same trigger does not fire again', async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $1,500.00 for order ORD-1003' });
      const [task] = await tasksOf(sb, paused.run_id);
      await sb.tasks.resolve(projectId, task?.id ?? '', { respondedBy: 'manager', decision: 'approve_refund' });
      const after = await sb.chat.runResult(paused.run_id);
      assert.equal(after.status, 'PAUSED_FOR_APPROVAL', 'the refund gate comes next, as before the escalation');
      const tasks = await tasksOf(sb, paused.run_id);
      assert.deepEqual(tasks.map((row) => row.type), ['escalation', 'approval']);
      const steps = await sb.db.kysely.selectFrom('steps').select(['node', 'decision']).where('run_id', '=', paused.run_id).orderBy('seq').execute();
      assert.deepEqual(steps.map((s) => [s.node, s.decision]), [['classify', 'triage'], ['__escalation__', 'escalation_continue'], ['human_gate', 'approval_required']]);
    });

    it('COMPLETE ends the run and resolves the ticket; HANDOFF leaves it with people', async (t) => {
      const sb = await open(t);
      const first = await sb.chat.postMessage({ projectId, message: 'Refund $2,000 for ORD-1003 please' });
      const [firstTask] = await tasksOf(sb, first.run_id);
      await sb.tasks.resolve(projectId, firstTask?.id ?? '', { respondedBy: 'manager', decision: 'resolved', notes: 'refunded by bank transfer' });
      assert.equal((await sb.engine.getRun(first.run_id))?.status, 'completed');
      assert.equal((await sb.tickets.find(projectId, first.thread_id)).status, 'resolved');

      const second = await sb.chat.postMessage({ projectId, message: 'Refund $3,000 for ORD-1003 please' });
      const [secondTask] = await tasksOf(sb, second.run_id);
      await sb.tasks.resolve(projectId, secondTask?.id ?? '', { respondedBy: 'manager', decision: 'reassign' });
      assert.equal((await sb.engine.getRun(second.run_id))?.status, 'completed');
      assert.equal((await sb.tickets.find(projectId, second.thread_id)).status, 'with_human');
      const last = await sb.db.kysely.selectFrom('steps').select('output').where('run_id', '=', second.run_id).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      assert.match(last.output, /Handed to billing_team/);
    });

    it("keeps a customer's message for the person while the run is escalated", async (t) => {
      const sb = await open(t);
      const paused = await sb.chat.postMessage({ projectId, message: 'THIS IS RIDICULOUS!!! third time I ask, where is ORD-1002???' });
      assert.equal(paused.status, 'WITH_HUMAN');
      const [task] = await tasksOf(sb, paused.run_id);
      assert.equal(task?.reason, 'User showing signs of frustration');
      assert.equal((JSON.parse(task?.context ?? '{}') as Record<string, unknown>)['entities.order_id'], 'ORD-1002');
      const followUp = await sb.chat.postMessage({ projectId, threadId: paused.thread_id, message: 'hello??' });
      assert.equal(followUp.status, 'WITH_HUMAN');
      assert.equal(followUp.reply, null);
    });

    it('evaluates supervisor triggers after the triage step, with their own on_human_complete', async (t) => {
      const supervisor = `
escalation:
  supervisor:
    triggers:
      - WHEN: intent.category == "complaint" AND user.frustration_detected
        REASON: "Angry complaint: a team lead takes it"
        PRIORITY: critical
        on_human_complete:
          - IF human.decision == "done": COMPLETE
`;
      const sb = await switchboardForTest(t, dialect, { config: demoConfigWith((text) => `${text}\n${supervisor}`) });
      const result = await sb.chat.postMessage({ projectId, message: 'Your staff were RUDE and useless!!! Worst service ever, I am furious.' });
      assert.equal(result.status, 'WITH_HUMAN');
      const [task] = await tasksOf(sb, result.run_id);
      assert.deepEqual([task?.reason, task?.priority, (JSON.parse(task?.context ?? '{}') as { trigger?: unknown }).trigger], ['Angry complaint: a team lead takes it', 'critical', 'supervisor.triggers[0]']);
      await sb.tasks.resolve(projectId, task?.id ?? '', { respondedBy: 'lead', decision: 'done' });
      assert.equal((await sb.engine.getRun(result.run_id))?.status, 'completed');
      assert.equal((await sb.tickets.find(projectId, result.thread_id)).status, 'resolved');
    });

    it('fires nothing without an escalation section', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $1,500.00 for order ORD-1003' });
      assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
    });
  });
}
