// Retention: finished runs older than the configured age lose their payloads and keep their facts;
// tickets, messages, decisions and the audit chain stay as they were; live and young runs are not
// touched; a second pass changes nothing; and delivered outbox events go while undelivered ones stay.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProjectId, type Switchboard } from '../../src/app/switchboard.ts';
import { countRetention, retentionPolicy, runRetention, type RetentionPolicy } from '../../src/app/retention.ts';
import { compactedPayload, retentionActor, type RetentionDeps } from '../../src/app/run-compaction.ts';
import { RetentionSchedule } from '../../src/app/retention-schedule.ts';
import { traceLines } from '../../src/cli/trace-view.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/domain/logger.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { fromJson } from '../../src/store/json.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = defaultProjectId;
const longAgo = '2025-01-01T00:00:00.000Z';
const dayMs = 24 * 60 * 60_000;
const config = { runs_after_days: 90, outbox_delivered_after_days: 30, schedule_minutes: 60 };

for (const dialect of await dialectsUnderTest()) {
  describe(`retention (${dialect})`, { timeout: 120_000 }, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);

    it('drops an old refund run\'s payloads and keeps its facts, the amount and the result', async (t) => {
      const sb = await open(t);
      const refund = await approvedRefund(sb);
      const before = await runFacts(sb, refund.run_id);
      await age(sb, [refund.run_id]);

      const report = await runRetention(deps(sb), policyNow(sb));

      assert.equal(report.runs, 1);
      assert.equal(report.steps, before.steps.length);
      assert.equal(report.tool_calls, 1);
      assert.ok(report.payload_chars_after < report.payload_chars_before / 2, `payloads ${report.payload_chars_before} → ${report.payload_chars_after} characters`);
      const run = await sb.db.kysely.selectFrom('runs').selectAll().where('id', '=', refund.run_id).executeTakeFirstOrThrow();
      assert.ok(run.compacted_at, 'the run says when it was compacted');
      assert.equal(run.resume_value, null);
      assert.deepEqual(fromJson(run.state, {}), { compacted: true, action_result: 'Refund issued: $42.50' });
      const steps = await sb.db.kysely.selectFrom('steps').selectAll().where('run_id', '=', refund.run_id).orderBy('seq').execute();
      assert.deepEqual(steps.map((s) => s.input_snapshot), steps.map(() => null));
      assert.deepEqual(steps.map((s) => fromJson(s.output, {})), before.steps.map((s) => summaryOf(s.output)), 'each output is the marker plus the summary and handoff note, if any');
      assert.ok(steps.some((s) => s.output !== compactedPayload), 'the triage summary the ticket page shows is kept');
      assert.deepEqual(steps.map(stepFacts), before.steps.map(stepFacts), 'node, layer, source, status, decision, confidence, timing, tokens and cost stay');
      const [call] = await sb.db.kysely.selectFrom('tool_calls').selectAll().where('run_id', '=', refund.run_id).execute();
      assert.deepEqual(fromJson(call?.input, {}), { compacted: true, amount_cents: 4250, currency: 'USD' });
      assert.equal(call?.output, compactedPayload);
      assert.deepEqual(call && callFacts(call), before.call && callFacts(before.call), 'tool, risk, status and idempotency key stay');
    });

    it('keeps tickets, messages, decisions and the audit chain, and audits the compaction', async (t) => {
      const sb = await open(t);
      const refund = await approvedRefund(sb);
      await age(sb, [refund.run_id]);
      const kept = await untouchedTables(sb);

      await runRetention(deps(sb), policyNow(sb));

      const after = await untouchedTables(sb);
      assert.deepEqual(after.tickets, kept.tickets);
      assert.deepEqual(after.messages, kept.messages);
      assert.deepEqual(after.humanTasks, kept.humanTasks);
      assert.deepEqual(after.audit.slice(0, kept.audit.length), kept.audit, 'no audit row changed');
      const added = after.audit.slice(kept.audit.length);
      assert.deepEqual(added.map((row) => [row.actor, row.action, fromJson<{ run_ids?: string[] }>(row.data, {}).run_ids]), [[retentionActor, 'retention.runs_compacted', [refund.run_id]]]);
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('leaves waiting runs and young finished runs alone', async (t) => {
      const sb = await open(t);
      const young = await approvedRefund(sb);
      const waiting = await sb.chat.postMessage({ projectId, message: 'I want a refund of $80.00' });
      assert.equal(waiting.status, 'PAUSED_FOR_APPROVAL');
      // A waiting run has no finished_at; aging its creation must not make it compactable.
      await sb.db.kysely.updateTable('runs').set({ created_at: longAgo, updated_at: longAgo }).where('id', '=', waiting.run_id).execute();
      const before = [await runFacts(sb, young.run_id), await runFacts(sb, waiting.run_id)];

      const report = await runRetention(deps(sb), policyNow(sb));

      assert.equal(report.runs, 0);
      assert.deepEqual([await runFacts(sb, young.run_id), await runFacts(sb, waiting.run_id)], before);
      const resumed = await sb.chat.decide({ projectId, threadId: waiting.thread_id, approval: true, respondedBy: 'alice' });
      assert.equal(resumed.action_result, 'Refund issued: $80.00', 'the waiting run still finishes');
    });

    it('a second pass changes nothing more', async (t) => {
      const sb = await open(t);
      const runs = [await approvedRefund(sb), await sb.chat.postMessage({ projectId, message: 'How long does shipping take?' })];
      await age(sb, runs.map((r) => r.run_id));
      const first = await runRetention(deps(sb), policyNow(sb));
      assert.equal(first.runs, 2);
      const snapshot = await everything(sb);

      const second = await runRetention(deps(sb), policyNow(sb));

      assert.deepEqual([second.runs, second.steps, second.tool_calls, second.outbox_events], [0, 0, 0, 0]);
      assert.deepEqual(await everything(sb), snapshot);
    });

    it('compacts in batches, one audit entry per batch, and the dry run counts what it then does', async (t) => {
      const sb = await open(t);
      const runs = [];
      for (const amount of ['50.00', '60.00', '70.00']) runs.push(await approvedRefund(sb, amount));
      await age(sb, runs.map((r) => r.run_id));
      const counted = await countRetention(sb.db, policyNow(sb));
      const payloadsBefore = await payloadCharacters(sb);

      const report = await runRetention(deps(sb), policyNow(sb), 2);

      assert.deepEqual([counted.runs, counted.steps, counted.tool_calls], [report.runs, report.steps, report.tool_calls]);
      assert.equal(report.runs, 3);
      const entries = await sb.db.kysely.selectFrom('audit_log').select('data').where('actor', '=', retentionActor).orderBy('seq').execute();
      assert.deepEqual(entries.map((e) => fromJson<{ runs: number }>(e.data, { runs: 0 }).runs), [2, 1]);
      const payloadsAfter = await payloadCharacters(sb);
      assert.equal(payloadsBefore - payloadsAfter, report.payload_chars_before - report.payload_chars_after, 'the store shrinks by what the report says');
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('deletes old delivered outbox events and keeps undelivered and recent ones', async (t) => {
      const sb = await open(t);
      const oldDelivered = await outboxEvent(sb, 'old-delivered');
      const oldDead = await outboxEvent(sb, 'old-dead');
      const recent = await outboxEvent(sb, 'recent');
      await sb.db.kysely.updateTable('outbox').set({ delivered_at: longAgo }).where('id', 'in', [oldDelivered, oldDead]).execute();
      await sb.db.kysely.updateTable('outbox_deliveries').set({ status: 'dead' }).where('outbox_id', '=', oldDead).execute();

      const report = await runRetention(deps(sb), policyNow(sb));

      assert.equal(report.outbox_events, 1);
      const left = await sb.db.kysely.selectFrom('outbox').select('id').orderBy('id').execute();
      assert.deepEqual(left.map((row) => row.id), [oldDead, recent].sort());
      assert.equal(await deliveriesOf(sb, oldDelivered), 0, 'its deliveries went with it');
      assert.ok((await deliveriesOf(sb, oldDead)) > 0);
    });

    it("shows a compacted run's steps in the trace with a note instead of payloads", async (t) => {
      const sb = await open(t);
      const refund = await approvedRefund(sb);
      await age(sb, [refund.run_id]);
      await runRetention(deps(sb), policyNow(sb));

      const detail = await sb.tickets.detail(projectId, refund.thread_id);
      const run = detail.runs.find((r) => r.id === refund.run_id);
      assert.ok(run?.compacted_at);
      assert.ok(run.steps.length > 0, 'the steps are still there');
      const lines = traceLines(detail);
      assert.ok(lines.includes(`  payload compacted on ${run.compacted_at.slice(0, 10)} ${run.compacted_at.slice(11, 16)}`), lines.join('\n'));
      assert.ok(!lines.some((line) => line.includes('reply: ')), 'no step payload is shown');
    });

    it('on a schedule, one of several workers runs a pass once per interval, not at start', async (t) => {
      const sb = await open(t);
      const refund = await approvedRefund(sb);
      await age(sb, [refund.run_id]);
      const clock = new ManualClock(new Date());
      const workers = ['a', 'b'].map((id) => new RetentionSchedule({ db: sb.db, clock, ids: createIdGenerator(), config, workerId: id, logger: silentLogger }));
      const sweepAll = async () => {
        for (const worker of workers) await worker.sweep();
      };

      await sweepAll();
      assert.equal(await compactedCount(sb), 0, 'a new schedule waits one interval');
      clock.advance(61 * 60_000);
      await sweepAll();
      assert.equal(await compactedCount(sb), 1);
      const claims = await sb.db.kysely.selectFrom('scheduled_jobs').selectAll().execute();
      assert.deepEqual(claims.map((c) => [c.name, c.last_run_by, c.last_run_at]), [['retention', 'a', clock.now().toISOString()]], 'the first worker claimed it; the second found it taken');
      assert.equal(await auditEntries(sb), 1);
    });

    it('a pass that fails is logged and leaves the worker going', async (t) => {
      const sb = await open(t);
      const errors: string[] = [];
      const logger = { ...silentLogger, error: (_: object, message?: string) => errors.push(message ?? '') };
      const schedule = new RetentionSchedule({ db: sb.db, clock: sb.clock, ids: createIdGenerator(), config, workerId: 'a', logger });
      await sb.db.kysely.schema.dropTable('scheduled_jobs').execute();

      assert.deepEqual(await schedule.sweep(), []);

      assert.deepEqual(errors, ['retention pass failed; it runs again at the next interval']);
    });

    it("a server's worker compacts runs that grew old by its clock, once the schedule is due", async (t) => {
      const clock = new ManualClock(new Date());
      const sb = await switchboardForTest(t, dialect, { clock, scheduleRetention: true });
      await approvedRefund(sb);

      await sb.worker.tick();
      clock.advance(91 * dayMs);
      assert.equal(await compactedCount(sb), 0, 'nothing before the worker looks');
      await sb.worker.tick();

      assert.equal(await compactedCount(sb), 1);
    });

    it('a worker not asked to schedule retention never compacts (embedded use, tests)', async (t) => {
      const clock = new ManualClock(new Date());
      const sb = await switchboardForTest(t, dialect, { clock });
      await approvedRefund(sb);

      await sb.worker.tick();
      clock.advance(91 * dayMs);
      await sb.worker.tick();

      assert.equal(await compactedCount(sb), 0);
      assert.deepEqual(await sb.db.kysely.selectFrom('scheduled_jobs').selectAll().execute(), []);
    });
  });
}

describe('retention configuration', () => {
  const parse = (yaml: string) => parseConfig(yaml, { source: 'switchboard.yaml', baseDir: '.' });

  it('defaults to 90 days for runs, 30 for delivered events, every 60 minutes', () => {
    assert.deepEqual(parse('version: 1\n').file.retention, { runs_after_days: 90, outbox_delivered_after_days: 30, schedule_minutes: 60 });
  });

  it('switches a part off with null, and names the file, line and path of a bad value', () => {
    assert.equal(parse('retention:\n  runs_after_days: null\n').file.retention.runs_after_days, null);
    assert.throws(() => parse('retention:\n  runs_after_days: 0\n'), (error: unknown) => isSwitchboardError(error) && error.code === 'invalid_config' && error.message.startsWith('switchboard.yaml:2:20 retention.runs_after_days:'));
    assert.throws(() => parse('retention:\n  keep_forever: true\n'), (error: unknown) => isSwitchboardError(error) && /retention/.test(error.message));
  });
});

function deps(sb: Switchboard): RetentionDeps {
  return { db: sb.db, clock: sb.clock, ids: createIdGenerator() };
}

function policyNow(sb: Switchboard): RetentionPolicy {
  return retentionPolicy(config, sb.clock.now());
}

async function approvedRefund(sb: Switchboard, amount = '42.50') {
  const paused = await sb.chat.postMessage({ projectId, message: `I want a refund of $${amount}` });
  const done = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
  assert.equal(done.status, 'DONE');
  return done;
}

/** Makes runs look finished long ago, as if the clock had moved on past the retention age. */
async function age(sb: Switchboard, runIds: string[]): Promise<void> {
  await sb.db.kysely.updateTable('runs').set({ finished_at: longAgo }).where('id', 'in', runIds).execute();
}

async function runFacts(sb: Switchboard, runId: string) {
  const k = sb.db.kysely;
  const [run, steps, calls] = await Promise.all([
    k.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow(),
    k.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('seq').execute(),
    k.selectFrom('tool_calls').selectAll().where('run_id', '=', runId).execute(),
  ]);
  return { run, steps, call: calls[0] };
}

function stepFacts(step: { node: string; layer: string; source: string; status: string; decision: string | null; confidence: number | null; started_at: string; finished_at: string; duration_ms: number; tokens_in: number; tokens_out: number; cost_usd: number }) {
  const { node, layer, source, status, decision, confidence, started_at, finished_at, duration_ms, tokens_in, tokens_out, cost_usd } = step;
  return { node, layer, source, status, decision, confidence, started_at, finished_at, duration_ms, tokens_in, tokens_out, cost_usd };
}

/** What a compacted step output keeps of the original: the ticket page's summary and handoff note. */
function summaryOf(output: string): Record<string, unknown> {
  const { summary, handoff_note: note } = fromJson<Record<string, unknown>>(output, {});
  return { compacted: true, ...(typeof summary === 'string' ? { summary } : {}), ...(typeof note === 'string' ? { handoff_note: note } : {}) };
}

function callFacts(call: { tool: string; risk: string; status: string; idempotency_key: string; attempts: number; error: string | null }) {
  const { tool, risk, status, idempotency_key, attempts, error } = call;
  return { tool, risk, status, idempotency_key, attempts, error };
}

async function untouchedTables(sb: Switchboard) {
  const k = sb.db.kysely;
  return {
    tickets: await k.selectFrom('tickets').selectAll().orderBy('id').execute(),
    messages: await k.selectFrom('messages').selectAll().orderBy('id').execute(),
    humanTasks: await k.selectFrom('human_tasks').selectAll().orderBy('id').execute(),
    audit: await k.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}

async function everything(sb: Switchboard) {
  const k = sb.db.kysely;
  return {
    ...(await untouchedTables(sb)),
    runs: await k.selectFrom('runs').selectAll().orderBy('id').execute(),
    steps: await k.selectFrom('steps').selectAll().orderBy('id').execute(),
    toolCalls: await k.selectFrom('tool_calls').selectAll().orderBy('id').execute(),
    outbox: await k.selectFrom('outbox').selectAll().orderBy('id').execute(),
  };
}

/** Every payload column, summed: what compaction is meant to shrink. */
async function payloadCharacters(sb: Switchboard): Promise<number> {
  const all = await everything(sb);
  const length = (text: string | null) => text?.length ?? 0;
  return (
    all.runs.reduce((sum, r) => sum + length(r.state) + length(r.resume_value), 0) +
    all.steps.reduce((sum, s) => sum + length(s.output) + length(s.input_snapshot), 0) +
    all.toolCalls.reduce((sum, c) => sum + length(c.input) + length(c.output), 0)
  );
}

/** An outbox event fanned out and delivered to one destination; returns its id. */
async function outboxEvent(sb: Switchboard, key: string): Promise<string> {
  const id = `outbox-${key}`;
  const at = sb.clock.now().toISOString();
  await sb.db.kysely.insertInto('outbox').values({ id, project_id: projectId, topic: 'task.created', dedupe_key: key, payload: '{}', status: 'delivered', attempts: 0, available_at: at, created_at: at, delivered_at: at }).execute();
  await sb.db.kysely.insertInto('outbox_deliveries').values({ id: `delivery-${key}`, outbox_id: id, project_id: projectId, destination: 'log', status: 'delivered', attempts: 1, available_at: at, created_at: at, delivered_at: at }).execute();
  return id;
}

async function deliveriesOf(sb: Switchboard, outboxId: string): Promise<number> {
  const rows = await sb.db.kysely.selectFrom('outbox_deliveries').select('id').where('outbox_id', '=', outboxId).execute();
  return rows.length;
}

async function compactedCount(sb: Switchboard): Promise<number> {
  const rows = await sb.db.kysely.selectFrom('runs').select('id').where('compacted_at', 'is not', null).execute();
  return rows.length;
}

async function auditEntries(sb: Switchboard): Promise<number> {
  const rows = await sb.db.kysely.selectFrom('audit_log').select('id').where('actor', '=', retentionActor).execute();
  return rows.length;
}
