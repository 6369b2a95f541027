// An answer that comes too late is refused whole, with a 409 and a stable code whose message says what
// happened and when: after the task expired (auto-denied), after another reviewer decided, after it
// was cancelled, or after its run stopped waiting. Over HTTP and from the CLI.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { isoAt, ManualClock } from '../../src/domain/clock.ts';
import { apiApp } from '../support/api-app.ts';
import { runCli } from '../support/cli-process.ts';
import { dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const minute = 60_000;
const oneFailureLine = /^switchboard: .+ \((\w+)\)\n$/;

const expiringConfig = () =>
  demoConfigWith(
    (text) => `${text}
inbox:
  sla_minutes: { high: 60 }
  on_expiry: auto_deny
`,
  );

async function open(t: TestContext, dialect: DialectName, clock: ManualClock) {
  const env = await testSwitchboard(dialect, { clock, config: expiringConfig() });
  t.after(() => env.close());
  const api = await apiApp(env.sb);
  return { sb: env.sb, database: env.database, api };
}

async function pausedRefund(sb: Switchboard) {
  const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  return { ...paused, taskId: paused.task_id ?? '' };
}

async function resolveOverHttp(api: Awaited<ReturnType<typeof apiApp>>, taskId: string, decision: string) {
  const response = await api.request(`/api/projects/${projectId}/human-tasks/${taskId}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision }) });
  const body = (await response.json()) as { error?: { code: string; message: string; details?: Record<string, unknown> } };
  return { status: response.status, error: body.error };
}

async function refunds(sb: Switchboard): Promise<number> {
  return (await sb.db.kysely.selectFrom('demo_refunds').select('id').execute()).length;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`late answers (${dialect})`, { timeout: 120_000 }, () => {
    it('refuses an approval after the task expired and was auto-denied, over HTTP and from the CLI', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const { sb, database, api } = await open(t, dialect, clock);
      const paused = await pausedRefund(sb);
      clock.advance(61 * minute);
      await sb.sla.escalateOverdue();
      const expiredAt = isoAt(clock);

      const late = await resolveOverHttp(api, paused.taskId, 'approved');
      assert.equal(late.status, 409);
      assert.equal(late.error?.code, 'task_closed');
      assert.equal(late.error?.message, `The approval ${paused.taskId} expired at ${expiredAt} and was auto-denied; your answer was not applied.`);
      assert.deepEqual([late.error?.details?.['status'], late.error?.details?.['decision'], late.error?.details?.['resolvedAt']], ['expired', 'rejected', expiredAt]);

      const cli = await runCli(['respond', paused.thread_id, '--approve', '--by', 'rita'], database.env);
      assert.equal(cli.code, 1, cli.stderr);
      assert.equal(oneFailureLine.exec(cli.stderr)?.[1], 'not_awaiting_approval', cli.stderr);
      assert.match(cli.stderr, new RegExp(`expired at ${expiredAt.replaceAll('.', '\\.')} and was auto-denied; your answer was not applied`));
      assert.equal(await refunds(sb), 0, 'nothing was refunded');
    });

    it('tells a second reviewer who decided first and when, and that their answer was not applied', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const { sb, api } = await open(t, dialect, clock);
      const paused = await pausedRefund(sb);
      await sb.tasks.resolve(projectId, paused.taskId, { respondedBy: 'rita', decision: 'approved' });
      const decidedAt = isoAt(clock);
      clock.advance(minute);

      const late = await resolveOverHttp(api, paused.taskId, 'rejected');
      assert.equal(late.status, 409);
      assert.equal(late.error?.code, 'already_decided');
      assert.equal(late.error?.message, `The approval ${paused.taskId} was already approved by rita at ${decidedAt}; your answer was not applied.`);
      assert.equal(await refunds(sb), 1, 'the first decision stands');
    });

    it('refuses an answer to a cancelled approval, saying who cancelled it, when and why', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const { sb, api } = await open(t, dialect, clock);
      const paused = await pausedRefund(sb);
      await sb.tasks.cancel(projectId, paused.taskId, 'lead', 'duplicate request');
      const cancelledAt = isoAt(clock);

      const late = await resolveOverHttp(api, paused.taskId, 'approved');
      assert.equal(late.status, 409);
      assert.equal(late.error?.code, 'task_closed');
      assert.equal(late.error?.message, `The approval ${paused.taskId} was cancelled at ${cancelledAt} by lead (duplicate request); your answer was not applied.`);
      assert.equal(await refunds(sb), 0);
    });

    it('refuses an answer to an open task whose run no longer waits for it, and leaves the task open', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const { sb, api } = await open(t, dialect, clock);
      const paused = await pausedRefund(sb);
      clock.advance(minute);
      const failedAt = isoAt(clock);
      // The run stopped meanwhile (an operator, or the engine giving up on it) while its task stayed open.
      await sb.db.kysely.updateTable('runs').set({ status: 'failed', wait: null, finished_at: failedAt, updated_at: failedAt }).where('id', '=', paused.run_id).execute();

      const late = await resolveOverHttp(api, paused.taskId, 'approved');
      assert.equal(late.status, 409);
      assert.equal(late.error?.code, 'not_awaiting_approval');
      assert.equal(late.error?.message, `The run behind task ${paused.taskId} is no longer waiting for this decision: it failed at ${failedAt}; your answer was not applied.`);
      assert.equal((await sb.tasks.get(projectId, paused.taskId)).status, 'pending', 'the refused answer changed nothing');
      assert.equal(await refunds(sb), 0);
    });
  });
}
