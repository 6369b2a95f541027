// Deciders racing each other: two reviewers on each of 1,000 paused refunds, two resumes of one run,
// a reviewer against the deadline, and the same race over HTTP. Exactly one decision wins, the loser is
// told who won, and every run continues once: one set of steps after the gate, at most one refund.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorSchema, ResolveResultSchema } from '../../src/api/schemas.ts';
import type { Resolution, ResolveResult } from '../../src/app/human-tasks.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError, type SwitchboardError } from '../../src/domain/errors.ts';
import { fromJson } from '../../src/store/json.ts';
import { apiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
/** Above the $25 the demo policy pays out unasked, within ORD-1001's total: every run waits for a reviewer. */
const refundMessage = 'I want a refund of $42.50 for ORD-1001';
const refundIssued = 'Refund issued: $42.50';
const races = 1_000;
const httpRaces = 50;
/** How many runs are started, or pairs of decisions raced, at once. */
const parallel = 8;

type Reviewer = Resolution & { decision: 'approved' | 'rejected' };
const approver: Reviewer = { respondedBy: 'reviewer-a', decision: 'approved', notes: 'order verified' };
const rejecter: Reviewer = { respondedBy: 'reviewer-b', decision: 'rejected', notes: 'duplicate request' };

type Json = Record<string, unknown>;

/** The HTTP API in-process as one reviewer: every call carries that reviewer's own API key. */
async function reviewerClient(sb: Switchboard, name: string) {
  const app = await apiApp(sb, { role: 'reviewer', keyName: name });
  return async function request(path: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
    const response = await app.request(path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    return { status: response.status, body: (await response.json()) as Json };
  };
}

/** Over HTTP a decision is recorded under the caller's identity: an API key is `key:<name>`. */
const httpApprover: Reviewer = { ...approver, respondedBy: 'key:reviewer-a' };
const httpRejecter: Reviewer = { ...rejecter, respondedBy: 'key:reviewer-b' };

interface Paused {
  runId: string;
  taskId: string;
}

interface Race {
  paused: Paused;
  winner: Reviewer;
  /** How the task ended: decided by the winner, or expired by the deadline's rule. */
  closedAs?: 'completed' | 'expired';
}

for (const dialect of await dialectsUnderTest()) {
  describe(`decision races (${dialect})`, () => {
    it(`lets exactly one of two reviewers decide each of ${races} paused refunds, and each run continues once`, async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const paused = await pauseRefunds(sb, races);

      const decided = await inBatches(paused, parallel, async (p) => {
        const order = Math.random() < 0.5 ? [approver, rejecter] : [rejecter, approver];
        const settled = await Promise.allSettled(order.map((reviewer) => sb.tasks.resolve(projectId, p.taskId, reviewer)));
        return { paused: p, winner: oneWinner(p, order, settled) };
      });

      const winners = new Set(decided.map((race) => race.winner.decision));
      assert.deepEqual(winners, new Set(['approved', 'rejected']), 'with the order shuffled, both decisions win somewhere');
      await assertDecidedOnce(sb, decided);
    });

    it('continues a run once when the same reviewer decision arrives twice at once', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const [paused] = await pauseRefunds(sb, 1);
      assert.ok(paused);
      const second: Reviewer = { ...approver, respondedBy: 'reviewer-c' };
      const settled = await Promise.allSettled([sb.tasks.resolve(projectId, paused.taskId, approver), sb.tasks.resolve(projectId, paused.taskId, second)]);
      await assertDecidedOnce(sb, [{ paused, winner: oneWinner(paused, [approver, second], settled) }]);
    });

    it('continues a run once when its thread is approved twice at once through the chat', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const started = await sb.chat.postMessage({ projectId, message: refundMessage });
      assert.equal(started.status, 'PAUSED_FOR_APPROVAL');
      const decide = (respondedBy: string) => sb.chat.decide({ projectId, threadId: started.thread_id, approval: true, reason: 'order verified', respondedBy });
      const settled = await Promise.allSettled([decide('reviewer-a'), decide('reviewer-c')]);

      const done = settled.filter((s) => s.status === 'fulfilled');
      assert.equal(done.length, 1, 'one decision continues the run');
      assert.equal(done[0]?.value.action_result, refundIssued);
      // The loser read the run while it still waited (already_decided) or after it moved on.
      assert.ok(['already_decided', 'not_awaiting_approval'].includes(rejection(settled.find((s) => s.status === 'rejected')).code));
      const task = await sb.tasks.get(projectId, started.task_id ?? '');
      assert.ok(task.responded_by === 'reviewer-a' || task.responded_by === 'reviewer-c');
      const winner: Reviewer = { ...approver, respondedBy: task.responded_by };
      await assertDecidedOnce(sb, [{ paused: { runId: started.run_id, taskId: task.id }, winner }]);
    });

    it('applies one of two engine resumes of the same run; with no decision recorded, the gate still pays nothing', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const [paused] = await pauseRefunds(sb, 1);
      assert.ok(paused);
      const answer = { kind: 'approval' as const, taskId: paused.taskId, approved: true, reason: null, respondedBy: 'reviewer-a', editedArgs: null };
      // Each caller does what the inbox does: resume in a transaction, then drive the run if that applied.
      const resumeAndDrive = async () => {
        const resumed = await sb.db.kysely.transaction().execute((trx) => sb.engine.resumeRun(trx, paused.runId, answer));
        if (resumed) await sb.engine.drive(paused.runId, resumed);
        return resumed ? 'applied' : 'stale';
      };
      assert.deepEqual((await Promise.all([resumeAndDrive(), resumeAndDrive()])).toSorted(), ['applied', 'stale']);

      const after = await stepsAfterGate(sb);
      assert.equal(after.get(paused.runId)?.filter((step) => step.layer === 'human').length, 1, 'the run took the answer once');
      assert.deepEqual(await refundsByRun(sb), new Map(), 'no refund without a reviewer\'s recorded approval');
      assert.equal((await sb.tasks.get(projectId, paused.taskId)).status, 'pending', 'an engine resume decides no task');
    });

    it('lets one of a reviewer and the deadline decide each overdue refund', async (t) => {
      const clock = new ManualClock('2026-11-21T09:00:00.000Z');
      const config = demoConfigWith((text) => `${text}\ninbox:\n  sla_minutes: { high: 60 }\n  on_expiry: auto_deny\n`);
      const sb = await switchboardForTest(t, dialect, { clock, config });
      const paused = await pauseRefunds(sb, 20);
      clock.advance(61 * 60_000);

      const reviewers = paused.map((_, i) => (i % 2 === 0 ? approver : rejecter));
      const [tick, ...settled] = await Promise.allSettled([sb.worker.tick(), ...paused.map((p, i) => sb.tasks.resolve(projectId, p.taskId, reviewers[i] ?? approver))]);
      assert.equal(tick?.status, 'fulfilled', 'the deadline sweep ran');
      const deadline: Reviewer = { respondedBy: 'system:sla', decision: 'rejected', notes: 'no decision before the deadline' };
      const decided = paused.map((p, i): Race => {
        const outcome = settled[i];
        assert.ok(outcome);
        if (outcome.status === 'fulfilled') return { paused: p, winner: reviewers[i] ?? approver };
        const error = rejection(outcome);
        assert.deepEqual([error.code, error.details?.['status']], ['task_closed', 'expired'], 'a reviewer too late hears the task expired');
        return { paused: p, winner: deadline, closedAs: 'expired' };
      });
      await assertDecidedOnce(sb, decided);
    });

    it('answers one of two concurrent HTTP resolves 200 and the other 409 naming the winner', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const deciders = [
        { reviewer: httpApprover, request: await reviewerClient(sb, 'reviewer-a') },
        { reviewer: httpRejecter, request: await reviewerClient(sb, 'reviewer-b') },
      ];
      const paused = await pauseRefunds(sb, httpRaces);

      const decided = await inBatches(paused, parallel, async (p) => {
        const order = Math.random() < 0.5 ? deciders : deciders.toReversed();
        const decide = ({ reviewer, request }: (typeof deciders)[number]) =>
          request(`/api/projects/${projectId}/human-tasks/${p.taskId}/resolve`, { method: 'POST', body: JSON.stringify({ decision: reviewer.decision, notes: reviewer.notes }) });
        const responses = await Promise.all(order.map(decide));
        assert.deepEqual(responses.map((r) => r.status).toSorted(), [200, 409], `one 200 and one 409 for task ${p.taskId}`);
        const winnerAt = responses.findIndex((r) => r.status === 200);
        const winner = order[winnerAt]?.reviewer;
        assert.ok(winner);
        const won = ResolveResultSchema.parse(responses[winnerAt]?.body);
        assert.deepEqual([won.task.decision, won.task.responded_by, won.run?.status], [winner.decision, winner.respondedBy, 'DONE']);
        const lost = ErrorSchema.parse(responses[1 - winnerAt]?.body).error;
        assert.equal(lost.code, 'already_decided');
        assert.deepEqual([lost.details?.['decision'], lost.details?.['respondedBy']], [winner.decision, winner.respondedBy], "the 409 names the winner's decision and reviewer");
        assert.ok(lost.message.includes(`${winner.decision} by ${winner.respondedBy}`), lost.message);
        return { paused: p, winner };
      });
      await assertDecidedOnce(sb, decided);
    });
  });
}

/** Starts `count` refund conversations, `parallel` at a time; each pauses for a reviewer. */
async function pauseRefunds(sb: Switchboard, count: number): Promise<Paused[]> {
  return inBatches(Array.from({ length: count }, (_, i) => i), parallel, async () => {
    const result = await sb.chat.postMessage({ projectId, message: refundMessage });
    assert.equal(result.status, 'PAUSED_FOR_APPROVAL');
    assert.ok(result.task_id);
    return { runId: result.run_id, taskId: result.task_id };
  });
}

/** Maps over `items` with at most `limit` calls in flight; results keep the order of the items. */
async function inBatches<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await map(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Exactly one of the racing resolves succeeded; the other was told, with 409 already_decided, who won. */
function oneWinner(paused: Paused, order: readonly Reviewer[], settled: PromiseSettledResult<ResolveResult>[]): Reviewer {
  const winnerAt = settled.findIndex((s) => s.status === 'fulfilled');
  assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1, `one decision wins on task ${paused.taskId}`);
  const winner = order[winnerAt];
  const won = settled[winnerAt];
  assert.ok(winner && won?.status === 'fulfilled');
  assert.deepEqual([won.value.task.decision, won.value.task.responded_by, won.value.runId], [winner.decision, winner.respondedBy, paused.runId]);

  const error = rejection(settled.find((s) => s.status === 'rejected'));
  assert.deepEqual([error.code, error.httpStatus], ['already_decided', 409]);
  assert.deepEqual([error.details?.['decision'], error.details?.['respondedBy']], [winner.decision, winner.respondedBy], "the loser learns the winner's decision and reviewer");
  assert.ok(error.message.includes(`${winner.decision} by ${winner.respondedBy}`), error.message);
  return winner;
}

function rejection(outcome: PromiseSettledResult<unknown> | undefined): SwitchboardError {
  assert.equal(outcome?.status, 'rejected', 'the losing call failed');
  const reason: unknown = outcome.reason;
  assert.ok(isSwitchboardError(reason), `expected a SwitchboardError, got ${String(reason)}`);
  return reason;
}

/**
 * For every race, read back in bulk: the task holds the winner's decision, the run took one answer and
 * continued to the matching end (one refund if approved, none otherwise), and the audit log has one decision.
 */
async function assertDecidedOnce(sb: Switchboard, decided: readonly Race[]): Promise<void> {
  const [tasks, runs, after, refunds, toolCalls, audit, replies] = await Promise.all([tasksById(sb), runsById(sb), stepsAfterGate(sb), refundsByRun(sb), refundCallsByRun(sb), decisionsByTask(sb), repliesByRun(sb)]);
  for (const { paused, winner, closedAs = 'completed' } of decided) {
    const approved = winner.decision === 'approved';
    const task = tasks.get(paused.taskId);
    assert.deepEqual([task?.status, task?.decision, task?.responded_by], [closedAs, winner.decision, winner.respondedBy], `task ${paused.taskId} holds the winning decision`);

    const run = runs.get(paused.runId);
    assert.equal(run?.status, 'completed');
    const expectedResult = approved ? refundIssued : `Refund denied: ${winner.notes ?? ''}`;
    assert.equal(fromJson<Json>(run?.state ?? null, {})['action_result'], expectedResult);
    assert.deepEqual(
      after.get(paused.runId)?.map((step) => [step.node, step.layer, step.decision]),
      [['human_gate', 'human', winner.decision], approved ? ['issue_refund', 'specialist', 'refund_issued'] : ['refund_denied', 'specialist', 'refund_denied']],
      `run ${paused.runId} continued once after the gate`,
    );
    assert.deepEqual(refunds.get(paused.runId) ?? [], approved ? [{ amount_cents: 4250, attempts: 1 }] : [], 'an approved refund is paid once, a rejected one never');
    assert.deepEqual(toolCalls.get(paused.runId) ?? [], approved ? [{ status: 'succeeded', attempts: 1 }] : [], 'the refund tool ran once, or not at all');
    assert.deepEqual(audit.get(paused.taskId), [{ actor: winner.respondedBy, decision: winner.decision }], 'one audited decision per task');
    const said = replies.get(paused.runId) ?? [];
    assert.equal(said.length, 2, 'the customer heard "with a reviewer" once, then the outcome once');
    assert.ok(said[1]?.includes(approved ? 'refund of $42.50 has been issued' : `not approved, because ${winner.notes ?? ''}`), `the outcome matches the winner: ${said[1]}`);
  }
}

async function tasksById(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('human_tasks').select(['id', 'status', 'decision', 'responded_by']).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

async function runsById(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('runs').select(['id', 'status', 'state']).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Each run's steps after the one that opened the approval gate, in order. */
async function stepsAfterGate(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('steps').select(['run_id', 'seq', 'node', 'layer', 'decision']).orderBy('run_id').orderBy('seq').execute();
  const gates = new Map(rows.filter((row) => row.decision === 'approval_required').map((row) => [row.run_id, row.seq]));
  return groupBy(rows.filter((row) => row.seq > (gates.get(row.run_id) ?? Infinity)), (row) => row.run_id, ({ node, layer, decision }) => ({ node, layer, decision }));
}

/** The demo payment provider's refunds by run: the engine's idempotency keys start with the run id. */
async function refundsByRun(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('demo_refunds').select(['idempotency_key', 'amount_cents', 'attempts']).execute();
  return groupBy(rows, (row) => row.idempotency_key.split(':')[0] ?? '', ({ amount_cents, attempts }) => ({ amount_cents, attempts }));
}

async function refundCallsByRun(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('tool_calls').select(['run_id', 'status', 'attempts']).where('tool', '=', 'issue_refund').execute();
  return groupBy(rows, (row) => row.run_id, ({ status, attempts }) => ({ status, attempts }));
}

async function repliesByRun(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('messages').select(['run_id', 'body']).where('role', '=', 'assistant').orderBy('id').execute();
  return groupBy(rows, (row) => row.run_id ?? '', (row) => row.body);
}

/** Every decision in the audit log (a reviewer's or the deadline's), by task. */
async function decisionsByTask(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('audit_log').select(['subject_id', 'actor', 'data']).where('action', 'in', ['human_task.resolved', 'human_task.expired']).orderBy('seq').execute();
  return groupBy(rows, (row) => row.subject_id, (row) => ({ actor: row.actor, decision: fromJson<Json>(row.data, {})['decision'] }));
}

function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), value(row)]);
  return groups;
}
