// A decision on an approval writes the task, its audit entry, the run's answer and the event together
// (one statement on PostgreSQL for the last three): a run that no longer waits takes none of them back
// for a decision, which is refused whole, and a cancellation is still recorded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';

async function pausedRefund(sb: Switchboard): Promise<{ runId: string; taskId: string }> {
  const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  return { runId: paused.run_id, taskId: paused.task_id ?? '' };
}

async function trail(sb: Switchboard, taskId: string): Promise<{ audit: string[]; events: string[] }> {
  const audit = await sb.db.kysely.selectFrom('audit_log').select('action').where('subject_id', '=', taskId).orderBy('seq').execute();
  const events = await sb.db.kysely.selectFrom('outbox').select('topic').where('dedupe_key', 'like', `%${taskId}%`).orderBy('id').execute();
  return { audit: audit.map((row) => row.action), events: events.map((row) => row.topic) };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`decision commit (${dialect})`, () => {
    it('records an approval with its audit entry and event, and continues the run it answered', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const { runId, taskId } = await pausedRefund(sb);
      const resolved = await sb.tasks.resolve(projectId, taskId, { respondedBy: 'reviewer', decision: 'approved', notes: null });
      assert.equal(resolved.run?.id, runId);
      assert.equal(resolved.run?.status, 'completed');
      assert.equal((await sb.engine.getRun(runId))?.status, 'completed', 'the stored run is as the answer says');
      assert.deepEqual(await trail(sb, taskId), { audit: ['human_task.created', 'human_task.resolved'], events: ['task.created', 'task.resolved'] });
    });

    it('refuses a decision whose run no longer waits, leaving the task, the audit log and the outbox as they were', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const { runId, taskId } = await pausedRefund(sb);
      await sb.db.kysely.updateTable('runs').set({ status: 'failed', wait: null }).where('id', '=', runId).execute();
      const before = await trail(sb, taskId);

      await assert.rejects(sb.tasks.resolve(projectId, taskId, { respondedBy: 'reviewer', decision: 'approved', notes: null }), (error) => isSwitchboardError(error) && error.code === 'not_awaiting_approval');
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending');
      assert.deepEqual(await trail(sb, taskId), before);
    });

    it('records a cancellation even when its run no longer waits', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const { runId, taskId } = await pausedRefund(sb);
      await sb.db.kysely.updateTable('runs').set({ status: 'failed', wait: null }).where('id', '=', runId).execute();

      const cancelled = await sb.tasks.cancel(projectId, taskId, 'reviewer', 'duplicate');
      assert.equal(cancelled.task.status, 'cancelled');
      assert.equal((await sb.engine.getRun(runId))?.status, 'failed', 'the run was not touched');
      assert.deepEqual(await trail(sb, taskId), { audit: ['human_task.created', 'human_task.cancelled'], events: ['task.created', 'task.resolved'] });
    });
  });
}
