// The reviewers' inbox: ordering, atomic claims, exactly one winning decision under concurrency,
// and the hash-chained audit log of decisions.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { auditHash, genesisHash } from '../../src/store/audit-chain.ts';
import { isSwitchboardError, type SwitchboardError } from '../../src/domain/errors.ts';
import type { Priority } from '../../src/domain/ticket.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { fromJson } from '../../src/store/json.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

/** Asks for an approval at the priority named by the message. */
const approvalAtPriority = workflow<WorkflowState>('approval-at-priority')
  .node('gate', {
    run: async (ctx) => {
      const priority = ctx.state['message'] as Priority;
      return {
        kind: 'interrupt',
        wait: { kind: 'approval', task: { title: `A ${priority} request`, reason: 'test', priority, toolCall: { tool: 'noop', args: {} } } },
        record: { layer: 'human', source: 'test', decision: 'approval_required' },
      };
    },
    resume: async () => ({ kind: 'next', record: { layer: 'human', source: 'test', decision: 'decided' } }),
  })
  .build((input) => ({ message: input.message }));

for (const dialect of await dialectsUnderTest()) {
  describe(`human tasks (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect, { workflows: [approvalAtPriority] });

    it('lists pending tasks by priority, highest first, oldest first within a priority', async (t) => {
      const sb = await open(t);
      const asked: Priority[] = ['low', 'critical', 'medium', 'high', 'critical', 'low'];
      const taskIds: string[] = [];
      for (const priority of asked) taskIds.push((await pauseAt(sb, priority)).task_id);

      const pending = await sb.tasks.list(projectId, { status: 'pending' });
      assert.deepEqual(pending.map((task) => task.priority), ['critical', 'critical', 'high', 'medium', 'low', 'low']);
      assert.deepEqual(pending.filter((task) => task.priority === 'critical').map((task) => task.id), [taskIds[1], taskIds[4]]);

      await sb.tasks.resolve(projectId, taskIds[1] ?? '', { respondedBy: 'alice', decision: 'approved' });
      const after = await sb.tasks.list(projectId, { status: 'pending' });
      assert.equal(after.length, 5);
      assert.ok(!after.some((task) => task.id === taskIds[1]), 'a decided task leaves the pending list');
    });

    it('lets exactly one of two reviewers claiming at once have the task', async (t) => {
      const sb = await open(t);
      const { task_id: taskId } = await pauseAt(sb, 'high');

      const [alice, bob] = await Promise.allSettled([sb.tasks.claim(projectId, taskId, 'alice'), sb.tasks.claim(projectId, taskId, 'bob')]);
      const winners = [alice, bob].filter((r) => r.status === 'fulfilled');
      const losers = [alice, bob].filter((r) => r.status === 'rejected');
      assert.equal(winners.length, 1);
      assert.equal(losers.length, 1);
      const error: unknown = losers[0]?.reason;
      assert.ok(isSwitchboardError(error));
      assert.equal(error.code, 'already_claimed');

      const task = await sb.tasks.get(projectId, taskId);
      const winner = alice.status === 'fulfilled' ? 'alice' : 'bob';
      assert.equal(task.claimed_by, winner);
      assert.equal(task.status, 'in_progress');
      assert.equal(error.details?.['claimedBy'], winner);
      assert.equal((await sb.tasks.claim(projectId, taskId, winner)).claimed_by, winner, 'claiming again is a no-op for the holder');
    });

    it('lets exactly one of two concurrent decisions win on each of 20 paused refunds', async (t) => {
      const sb = await open(t);
      const paused = [];
      for (let i = 0; i < 20; i++) paused.push({ amount: `$${30 + i}.00`, ...(await sb.chat.postMessage({ projectId, message: `I want a refund of $${30 + i}.00` })) });

      const races = await Promise.all(
        paused.map(async (p) => {
          const taskId = p.task_id ?? '';
          const [approve, reject] = await Promise.allSettled([
            sb.tasks.resolve(projectId, taskId, { respondedBy: 'alice', decision: 'approved' }),
            sb.tasks.resolve(projectId, taskId, { respondedBy: 'bob', decision: 'rejected', notes: 'duplicate request' }),
          ]);
          return { runId: p.run_id, amount: p.amount, taskId, approve, reject };
        }),
      );

      for (const race of races) {
        const outcomes = [race.approve, race.reject];
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, `one decision wins on task ${race.taskId}`);
        const winner = race.approve.status === 'fulfilled' ? 'approved' : 'rejected';
        const loser = outcomes.find((o) => o.status === 'rejected');
        const error = loserError(loser?.reason);
        assert.equal(error.code, 'already_decided');
        assert.equal(error.details?.['decision'], winner, "the loser learns the winner's decision");

        const task = await sb.tasks.get(projectId, race.taskId);
        assert.equal(task.decision, winner);
        const run = await sb.engine.getRun(race.runId);
        assert.equal(run?.status, 'completed');
        const refunds = await sb.db.kysely.selectFrom('demo_refunds').select('attempts').where('idempotency_key', 'like', `${race.runId}:%`).execute();
        assert.deepEqual(refunds.map((r) => r.attempts), winner === 'approved' ? [1] : [], 'an approved refund happened once, a rejected one never');
        assert.equal(run?.state['action_result'], winner === 'approved' ? `Refund issued: ${race.amount}` : 'Refund denied: duplicate request');
      }
      const audit = (await auditChain(sb)).filter((entry) => entry.action === 'human_task.resolved');
      assert.equal(audit.length, 20, 'one audit entry per decision, none for the losers');
      assert.deepEqual(new Set(audit.map((a) => a.subject_id)), new Set(races.map((r) => r.taskId)));
      for (const race of races) {
        const entry = audit.find((a) => a.subject_id === race.taskId);
        assert.equal(fromJson<Record<string, unknown>>(entry?.data, {})['decision'], race.approve.status === 'fulfilled' ? 'approved' : 'rejected');
      }
    });

    it('chains every audit entry to the one before it by hash', async (t) => {
      const sb = await open(t);
      for (const [i, decision] of (['approved', 'rejected', 'approved'] as const).entries()) {
        const { task_id: taskId } = await pauseAt(sb, 'medium');
        await sb.tasks.resolve(projectId, taskId, { respondedBy: `reviewer-${i}`, decision, notes: `note ${i}` });
      }
      const rows = await auditChain(sb);
      const opened = ['system:engine', 'human_task.created'];
      assert.deepEqual(rows.map((r) => [r.actor, r.action]), [opened, ['reviewer-0', 'human_task.resolved'], opened, ['reviewer-1', 'human_task.resolved'], opened, ['reviewer-2', 'human_task.resolved']]);
      assert.equal(fromJson<Record<string, unknown>>(rows[3]?.data, {})['decision'], 'rejected');
    });

    it('refuses to edit an audit entry after the fact', async (t) => {
      const sb = await open(t);
      for (const decision of ['approved', 'rejected'] as const) {
        const { task_id: taskId } = await pauseAt(sb, 'medium');
        await sb.tasks.resolve(projectId, taskId, { respondedBy: 'alice', decision });
      }
      await assert.rejects(sb.db.kysely.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 1).execute(), /append-only/);
      assert.equal((await auditChain(sb))[0]?.actor !== 'mallory', true);
    });
  });
}

/** The project's audit log in order, after checking every entry's hash and its link to the one before. */
async function auditChain(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('audit_log').selectAll().where('project_id', '=', projectId).orderBy('seq').execute();
  let prevHash = genesisHash;
  for (const [index, row] of rows.entries()) {
    assert.equal(row.seq, index + 1, 'sequence numbers have no gaps');
    assert.equal(row.prev_hash, prevHash, `entry ${row.seq} points at the previous hash`);
    const entry = { projectId: row.project_id, actor: row.actor, action: row.action, subjectType: row.subject_type, subjectId: row.subject_id, data: fromJson<Record<string, unknown>>(row.data, {}), at: row.created_at };
    assert.equal(row.hash, auditHash(prevHash, row.seq, entry), `entry ${row.seq} hashes its own content`);
    prevHash = row.hash;
  }
  return rows;
}

async function pauseAt(sb: Switchboard, priority: Priority): Promise<{ task_id: string; run_id: string }> {
  const result = await sb.chat.postMessage({ projectId, message: priority, workflow: 'approval-at-priority' });
  assert.equal(result.status, 'PAUSED_FOR_APPROVAL');
  assert.ok(result.task_id);
  return { task_id: result.task_id, run_id: result.run_id };
}

function loserError(reason: unknown): SwitchboardError {
  assert.ok(isSwitchboardError(reason), `expected a SwitchboardError, got ${String(reason)}`);
  return reason;
}
