// The engine's contract (ARCHITECTURE.md), proved with small code-built workflows on both databases:
// continuations, routing, failures, steps as transactions, leases, the effect journal, timers, and
// runs that survive the process.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createSwitchboard, Switchboard, type SwitchboardOptions } from '../../src/app/switchboard.ts';
import { ManualClock, isoAt } from '../../src/domain/clock.ts';
import { SwitchboardError } from '../../src/domain/errors.ts';
import type { ResumeValue } from '../../src/domain/run.ts';
import { END, type NodeOutcome, type StepRecord, type Workflow, type WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { fromJson } from '../../src/store/json.ts';
import { defineTool, type Tool } from '../../src/tools/tool.ts';
import { createTestDatabase, dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const refundMessage = 'I want a refund of $42.50';
const leaseMs = 60_000;

for (const dialect of await dialectsUnderTest()) {
  describe(`engine contract (${dialect})`, () => {
    describe('interrupts and continuations', () => {
      it('resumes an interrupted node through its continuation and never re-runs it from the top', async (t) => {
        const calls = { run: 0, resume: 0, answers: [] as ResumeValue[] };
        const sb = await open(t, dialect, { workflows: [askWorkflow(calls)] });

        const asked = await sb.chat.postMessage({ projectId, message: 'Where is my parcel?', workflow: 'ask' });
        assert.equal(asked.status, 'AWAITING_CUSTOMER');
        assert.deepEqual({ run: calls.run, resume: calls.resume }, { run: 1, resume: 0 });

        const done = await sb.chat.postMessage({ projectId, threadId: asked.thread_id, message: 'ORD-1001' });
        assert.equal(done.status, 'DONE');
        assert.deepEqual({ run: calls.run, resume: calls.resume }, { run: 1, resume: 1 });
        assert.equal(calls.answers[0]?.kind, 'customer');
        assert.equal(calls.answers[0]?.kind === 'customer' ? calls.answers[0].text : null, 'ORD-1001');
        assert.equal((await sb.engine.getRun(done.run_id))?.state['echo'], 'order ORD-1001');
        assert.deepEqual(await nodesOf(sb, done.run_id), ['ask', 'ask', 'finish']);
      });

      it('routes a conditional edge by the state the node produced', async (t) => {
        const sb = await open(t, dialect, { workflows: [laneWorkflow()] });
        const urgent = await sb.chat.postMessage({ projectId, message: 'urgent: server down', workflow: 'lanes' });
        const calm = await sb.chat.postMessage({ projectId, message: 'whenever you can', workflow: 'lanes' });
        assert.deepEqual(await nodesOf(sb, urgent.run_id), ['triage', 'fast_lane']);
        assert.deepEqual(await nodesOf(sb, calm.run_id), ['triage', 'slow_lane']);
        assert.equal((await sb.engine.getRun(urgent.run_id))?.state['handledBy'], 'fast_lane');
      });
    });

    describe('failures', () => {
      it('fails the run on a non-retryable error, records the failed step and hands the ticket to a human', async (t) => {
        let attempts = 0;
        const explode = workflow<WorkflowState>('explode')
          .node('prepare', { run: async () => next({ prepared: true }) })
          .node('boom', {
            run: async () => {
              attempts++;
              throw new Error('the flux capacitor is empty');
            },
          })
          .edge('prepare', 'boom')
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [explode] });

        const result = await sb.chat.postMessage({ projectId, message: 'go', workflow: 'explode' });
        assert.equal(result.status, 'FAILED');
        assert.match(result.reply ?? '', /something went wrong/);
        assert.equal(attempts, 1, 'a non-retryable error is not retried');
        const run = await sb.engine.getRun(result.run_id);
        assert.equal(run?.status, 'failed');
        assert.equal(run?.error, 'internal: the flux capacitor is empty');
        assert.deepEqual(run?.state, { prepared: true });
        const steps = await stepsOf(sb, result.run_id);
        assert.deepEqual(steps.map((s) => [s.seq, s.node, s.status]), [[1, 'prepare', 'succeeded'], [2, 'boom', 'failed']]);
        assert.equal(steps[1]?.output['error_code'], 'internal');
        assert.equal((await sb.tickets.find(projectId, result.thread_id)).status, 'with_human');
        assert.ok((await outboxTopics(sb)).includes('run.failed'), 'the failure is announced');
      });

      it('releases the run with backoff on a retryable error and fails it after the last attempt', async (t) => {
        const clock = new ManualClock();
        let attempts = 0;
        const flaky = workflow<WorkflowState>('flaky')
          .node('call_out', {
            run: async () => {
              attempts++;
              throw new SwitchboardError('tool_failed', 'upstream returned 503');
            },
          })
          .build(() => ({}));
        const sb = await open(t, dialect, { clock, workflows: [flaky] });
        const runId = await startLeasedRun(sb, 'flaky');

        const released = await sb.engine.drive(runId);
        assert.equal(released?.status, 'queued');
        const row = await sb.engine.getRun(runId);
        assert.equal(row?.attempts, 1);
        assert.equal(row?.leaseOwner, null);
        const availableAt = await sb.db.kysely.selectFrom('runs').select('available_at').where('id', '=', runId).executeTakeFirstOrThrow();
        assert.equal(availableAt.available_at, isoAt(clock, 500), 'the first retry waits 500 ms');
        await sb.worker.tick();
        assert.equal(attempts, 1, 'nothing runs before the backoff has passed');

        for (let round = 0; round < 10 && (await sb.engine.getRun(runId))?.status === 'queued'; round++) {
          clock.advance(60_000);
          await sb.worker.tick();
        }
        assert.equal(attempts, 5);
        assert.equal((await sb.engine.getRun(runId))?.status, 'failed');
        assert.deepEqual((await stepsOf(sb, runId)).map((s) => s.status), ['failed'], 'retries leave no step behind; the final failure leaves one');
      });
    });

    describe('a step is a transaction', () => {
      it('records nothing of a step whose lease was taken over while the node ran', async (t) => {
        const late: { sb?: Switchboard } = {}; // the node needs the Switchboard it is registered in
        const steal = workflow<WorkflowState>('steal')
          .node('first', { run: async () => next({ first: 'done' }) })
          .node('second', {
            run: async (ctx) => {
              // Another worker takes the run while this node is still executing.
              await late.sb?.db.kysely.updateTable('runs').set({ lease_owner: 'thief' }).where('id', '=', ctx.runId).execute();
              return { kind: 'next', update: { second: 'done' }, reply: 'You should never see this.', record: rec('second') };
            },
          })
          .edge('first', 'second')
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [steal] });
        late.sb = sb;
        const runId = await startLeasedRun(sb, 'steal');

        assert.equal(await sb.engine.drive(runId), undefined, 'the worker stops when its lease is gone');
        const run = await sb.engine.getRun(runId);
        assert.deepEqual(run?.state, { first: 'done' }, 'the state is the one the last committed step left');
        assert.equal(run?.stepCount, 1);
        assert.equal(run?.currentNode, 'second');
        assert.equal(run?.leaseOwner, 'thief');
        assert.deepEqual(await nodesOf(sb, runId), ['first']);
        assert.deepEqual(await sb.db.kysely.selectFrom('messages').selectAll().execute(), [], 'the reply was not written');
        assert.deepEqual(await outboxTopics(sb), [], 'nor any outbox message');
      });

      it('records nothing of a pausing step whose lease was taken: no task, no audit entry, no event', async (t) => {
        const late: { sb?: Switchboard } = {};
        const steal = workflow<WorkflowState>('steal-at-gate')
          .node('gate', {
            run: async (ctx) => {
              await late.sb?.db.kysely.updateTable('runs').set({ lease_owner: 'thief' }).where('id', '=', ctx.runId).execute();
              return { kind: 'interrupt', wait: { kind: 'approval', task: { title: 'Refund $40', reason: 'Refund requested', priority: 'high' } }, reply: 'Waiting for a person.', record: rec('gate') };
            },
          })
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [steal] });
        late.sb = sb;
        const runId = await startLeasedRun(sb, 'steal-at-gate');
        const auditBefore = await sb.db.kysely.selectFrom('audit_log').select('id').execute();

        assert.equal(await sb.engine.drive(runId), undefined);
        assert.equal((await sb.engine.getRun(runId))?.status, 'running', 'the run is where the thief found it');
        assert.deepEqual(await nodesOf(sb, runId), []);
        assert.deepEqual(await sb.db.kysely.selectFrom('human_tasks').selectAll().execute(), [], 'no task was opened');
        assert.deepEqual(await sb.db.kysely.selectFrom('audit_log').select('id').execute(), auditBefore, 'nor audited');
        assert.deepEqual(await outboxTopics(sb), []);
      });
    });

    describe('leases', () => {
      it('lets another worker take over a run after its lease expires, from the last committed step', async (t) => {
        const clock = new ManualClock();
        const calls = { first: 0, second: 0 };
        const stalled = Promise.withResolvers<void>();
        const release = Promise.withResolvers<void>();
        const relay = workflow<WorkflowState>('relay')
          .node('first', {
            run: async () => {
              calls.first++;
              return next({ first: 'done' });
            },
          })
          .node('second', {
            run: async () => {
              calls.second++;
              if (calls.second === 1) {
                stalled.resolve();
                await release.promise; // worker-1 hangs here as if its process froze
              }
              return next({ second: 'done' });
            },
          })
          .edge('first', 'second')
          .build(() => ({}));
        const [sb1, sb2] = await openPair(t, dialect, { clock, leaseMs, workerId: 'worker-1', workflows: [relay] }, { clock, leaseMs, workerId: 'worker-2', workflows: [relay] });
        const runId = await startLeasedRun(sb1, 'relay');

        const frozen = sb1.engine.drive(runId);
        await stalled.promise;
        assert.deepEqual(await sb2.engine.claimRunnable(10), [], 'a run whose lease is still valid is not claimed');
        clock.advance(leaseMs + 1);
        assert.deepEqual(await sb2.engine.claimRunnable(10), [runId]);
        const finished = await sb2.engine.drive(runId);
        assert.equal(finished?.status, 'completed');

        release.resolve();
        assert.equal(await frozen, undefined, "the frozen worker's late commit is refused");
        assert.deepEqual(calls, { first: 1, second: 2 }, 'the committed first step is not repeated');
        assert.deepEqual(await nodesOf(sb2, runId), ['first', 'second']);
        const run = await sb2.engine.getRun(runId);
        assert.deepEqual(run?.state, { first: 'done', second: 'done' });
        assert.equal(run?.leaseOwner, null);
      });

      it('never hands the same run to two workers claiming at the same time', async (t) => {
        const noop = workflow<WorkflowState>('noop').node('only', { run: async () => next({}) }).build(() => ({}));
        const env = await testSwitchboard(dialect, { workerId: 'worker-1', workflows: [noop] });
        t.after(() => env.close());
        // Two engines on one connection pool: on PostgreSQL their claims run on separate connections at
        // once. (Two SQLite connections in one process cannot overlap: SQLite's busy wait blocks the thread.)
        const sb1 = env.sb;
        const sb2 = new Switchboard(sb1.db, { config: sb1.config, workerId: 'worker-2', workflows: [noop] });
        const ticketId = await insertTicket(sb1);
        const created: string[] = [];
        for (let i = 0; i < 40; i++) created.push((await sb1.engine.createRun(sb1.db.kysely, { projectId, ticketId, workflow: 'noop', state: {} })).id);
        await sb1.db.kysely.updateTable('runs').set({ status: 'queued', lease_owner: null, lease_expires_at: null }).execute();

        const claims: { worker: string; ids: string[] }[] = [];
        for (;;) {
          const [a, b] = await Promise.all([sb1.engine.claimRunnable(7), sb2.engine.claimRunnable(7)]);
          if (a.length + b.length === 0) break;
          claims.push({ worker: 'worker-1', ids: a }, { worker: 'worker-2', ids: b });
        }
        const claimed = claims.flatMap((c) => c.ids);
        assert.equal(new Set(claimed).size, claimed.length, 'no run id was returned twice');
        assert.deepEqual([...claimed].sort(), [...created].sort(), 'every queued run was claimed');
        const owners = new Map((await sb1.db.kysely.selectFrom('runs').select(['id', 'lease_owner']).execute()).map((r) => [r.id, r.lease_owner]));
        for (const claim of claims) for (const id of claim.ids) assert.equal(owners.get(id), claim.worker);
      });
    });

    describe('the effect journal', () => {
      it('journals a money tool call under the key run:step:call and hands the key to the tool', async (t) => {
        const charge = recordingChargeTool();
        const checkout = workflow<WorkflowState>('checkout')
          .node('prepare', { run: async () => next({}) })
          .node('charge', {
            run: async (ctx) => {
              const first = await ctx.callTool('charge_card', { cents: 100 });
              const second = await ctx.callTool('charge_card', { cents: 250 });
              return next({ receipts: [first, second] });
            },
          })
          .edge('prepare', 'charge')
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [checkout], tools: [charge.tool] });

        const result = await sb.chat.postMessage({ projectId, message: 'pay', workflow: 'checkout' });
        assert.equal(result.status, 'DONE');
        const keys = [`${result.run_id}:2:0`, `${result.run_id}:2:1`];
        assert.deepEqual(charge.keys, keys);
        const journal = await sb.db.kysely.selectFrom('tool_calls').selectAll().where('run_id', '=', result.run_id).orderBy('call_index').execute();
        assert.deepEqual(
          journal.map((c) => ({ key: c.idempotency_key, tool: c.tool, risk: c.risk, status: c.status, attempts: c.attempts, input: fromJson(c.input, null), output: fromJson(c.output, null) })),
          [
            { key: keys[0], tool: 'charge_card', risk: 'money', status: 'succeeded', attempts: 1, input: { cents: 100 }, output: { charged: 100 } },
            { key: keys[1], tool: 'charge_card', risk: 'money', status: 'succeeded', attempts: 1, input: { cents: 250 }, output: { charged: 250 } },
          ],
        );
      });

      it('re-issues a refund interrupted after its intent under the same key, and the store deduplicates it', async (t) => {
        const clock = new ManualClock();
        let crashes = 0;
        const sb = await open(t, dialect, {
          clock,
          hooks: {
            afterToolExecute: async (tool) => {
              if (tool === 'issue_refund' && crashes++ === 0) throw new SwitchboardError('timeout', 'lost the connection before recording the result');
            },
          },
        });
        const paused = await sb.chat.postMessage({ projectId, message: refundMessage });
        assert.ok(paused.task_id);
        await sb.tasks.resolve(projectId, paused.task_id, { respondedBy: 'alice', decision: 'approved' });
        const key = `${paused.run_id}:4:0`;
        assert.equal((await sb.engine.getRun(paused.run_id))?.status, 'queued');
        assert.deepEqual(await journalOf(sb), [{ key, status: 'intent', attempts: 1 }]);

        clock.advance(60_000);
        await sb.worker.tick();
        const run = await sb.engine.getRun(paused.run_id);
        assert.equal(run?.status, 'completed');
        assert.equal(run?.state['action_result'], 'Refund issued: $42.50');
        assert.deepEqual(await journalOf(sb), [{ key, status: 'succeeded', attempts: 2 }]);
        assert.deepEqual(await refundsOf(sb), [{ key, attempts: 2, amount: 4250 }], 'one refund, issued twice under one key');
      });

      it('recovers a refund whose worker froze after the intent: re-issued once under the same key, and the late worker cannot overwrite the journal', async (t) => {
        const clock = new ManualClock();
        const stalled = Promise.withResolvers<void>();
        const release = Promise.withResolvers<void>();
        const freezeAfterTheTool = {
          afterToolExecute: async () => {
            stalled.resolve();
            await release.promise;
          },
        };
        const [sb1, sb2] = await openPair(t, dialect, { clock, leaseMs, workerId: 'worker-1', hooks: freezeAfterTheTool }, { clock, leaseMs, workerId: 'worker-2' });
        const paused = await sb1.chat.postMessage({ projectId, message: refundMessage });
        assert.ok(paused.task_id);

        const frozen = sb1.tasks.resolve(projectId, paused.task_id, { respondedBy: 'alice', decision: 'approved' });
        await stalled.promise;
        const key = `${paused.run_id}:4:0`;
        assert.deepEqual(await journalOf(sb2), [{ key, status: 'intent', attempts: 1 }]);
        clock.advance(leaseMs + 1);
        assert.deepEqual(await sb2.engine.claimRunnable(10), [paused.run_id]);
        assert.equal((await sb2.engine.drive(paused.run_id))?.status, 'completed');
        release.resolve();
        await frozen;

        const run = await sb2.engine.getRun(paused.run_id);
        assert.equal(run?.status, 'completed');
        assert.equal(run?.state['action_result'], 'Refund issued: $42.50');
        assert.deepEqual(await refundsOf(sb2), [{ key, attempts: 2, amount: 4250 }]);
        assert.deepEqual(await journalOf(sb2), [{ key, status: 'succeeded', attempts: 2 }]);
        const journalled = await sb2.db.kysely.selectFrom('tool_calls').select('output').executeTakeFirstOrThrow();
        assert.equal(fromJson<{ deduplicated?: boolean }>(journalled.output, {}).deduplicated, true, "the late worker does not overwrite the result the run committed with");
        assert.deepEqual((await nodesOf(sb2, paused.run_id)).filter((n) => n === 'issue_refund'), ['issue_refund'], 'only one refund step is recorded');
        const replies = (await sb2.tickets.detail(projectId, paused.thread_id)).messages.filter((m) => /has been issued/.test(m.body));
        assert.equal(replies.length, 1, 'the customer is told once');
      });

      it('reuses a recorded result when a step re-executes, without calling the tool again', async (t) => {
        const clock = new ManualClock();
        let executions = 0;
        let nodeRuns = 0;
        const reserve = defineTool({
          name: 'reserve_stock',
          description: 'Reserves stock for an order.',
          risk: 'write',
          input: z.object({ sku: z.string() }),
          execute: async () => ({ reservation: `R-${++executions}` }),
        });
        const reserveFlow = workflow<WorkflowState>('reserve')
          .node('reserve', {
            run: async (ctx) => {
              nodeRuns++;
              const result = (await ctx.callTool('reserve_stock', { sku: 'SKU-1' })) as { reservation: string };
              if (nodeRuns === 1) throw new SwitchboardError('timeout', 'the step timed out after reserving');
              return next({ reservation: result.reservation });
            },
          })
          .build(() => ({}));
        const sb = await open(t, dialect, { clock, workflows: [reserveFlow], tools: [reserve] });
        const runId = await startLeasedRun(sb, 'reserve');

        assert.equal((await sb.engine.drive(runId))?.status, 'queued');
        clock.advance(60_000);
        await sb.worker.tick();
        assert.equal((await sb.engine.getRun(runId))?.status, 'completed');
        assert.equal(nodeRuns, 2);
        assert.equal(executions, 1, 'the tool ran once');
        assert.equal((await sb.engine.getRun(runId))?.state['reservation'], 'R-1', 'the step saw the recorded result');
        assert.deepEqual(await journalOf(sb), [{ key: `${runId}:1:0`, status: 'succeeded', attempts: 1 }]);
      });

      it('refuses a gated tool called without an approval, with approval_required', async (t) => {
        const rogue = workflow<WorkflowState>('rogue')
          .node('pay_out', {
            run: async (ctx) => {
              await ctx.callTool('issue_refund', { amount_cents: 4250, currency: 'USD', order_id: null, reason: 'no one asked' });
              return next({});
            },
          })
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [rogue] });

        const result = await sb.chat.postMessage({ projectId, message: 'pay me', workflow: 'rogue' });
        assert.equal(result.status, 'FAILED');
        const [step] = await stepsOf(sb, result.run_id);
        assert.equal(step?.output['error_code'], 'approval_required');
        assert.deepEqual(await journalOf(sb), [], 'the call never reached the journal');
        assert.deepEqual(await refundsOf(sb), []);
      });

      it('refuses a gated call whose arguments differ from the approved ones', async (t) => {
        const switcheroo = workflow<WorkflowState>('switcheroo')
          .node('gate', {
            run: async () => ({
              kind: 'interrupt',
              wait: { kind: 'approval', task: { title: 'Approve $42.50', reason: 'test', priority: 'high', toolCall: { tool: 'issue_refund', args: refundArgs(4250) } } },
              record: rec('gate'),
            }),
            resume: async () => next({}),
          })
          .node('pay_out', {
            run: async (ctx) => {
              await ctx.callTool('issue_refund', refundArgs(99_900));
              return next({});
            },
          })
          .edge('gate', 'pay_out')
          .build(() => ({}));
        const sb = await open(t, dialect, { workflows: [switcheroo] });

        const paused = await sb.chat.postMessage({ projectId, message: 'refund', workflow: 'switcheroo' });
        assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
        const decided = await sb.chat.decide({ projectId, threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
        assert.equal(decided.status, 'FAILED');
        const steps = await stepsOf(sb, paused.run_id);
        assert.equal(steps.at(-1)?.output['error_code'], 'approval_required');
        assert.deepEqual(await refundsOf(sb), []);
      });
    });

    describe('timers', () => {
      it('keeps a run waiting on a timer until the clock passes its due time, then continues it', async (t) => {
        const clock = new ManualClock();
        const answers: ResumeValue[] = [];
        const snooze = workflow<WorkflowState>('snooze')
          .node('nap', {
            run: async () => ({ kind: 'interrupt', wait: { kind: 'timer', afterMs: 60_000 }, record: rec('nap') }),
            resume: async (_ctx, answer) => {
              answers.push(answer);
              return next({ woke: true });
            },
          })
          .build(() => ({}));
        const sb = await open(t, dialect, { clock, workflows: [snooze] });
        const dueAt = isoAt(clock, 60_000);

        const handle = await sb.start({ message: 'remind me in a minute', workflow: 'snooze' });
        const waiting = await handle.status();
        assert.equal(waiting.status, 'waiting');
        assert.equal(waiting.waitingFor?.kind, 'timer');
        const timerId = waiting.waitingFor?.kind === 'timer' ? waiting.waitingFor.timerId : '';
        assert.equal(waiting.waitingFor?.kind === 'timer' ? waiting.waitingFor.dueAt : null, dueAt);

        clock.advance(59_999);
        await sb.worker.tick();
        assert.equal((await handle.status()).status, 'waiting', 'not yet due');
        assert.deepEqual(answers, []);

        clock.advance(1);
        await sb.worker.tick();
        assert.equal((await handle.status()).status, 'completed');
        assert.deepEqual(answers, [{ kind: 'timer', timerId }]);
        const timer = await sb.db.kysely.selectFrom('timers').selectAll().where('id', '=', timerId).executeTakeFirstOrThrow();
        assert.deepEqual({ status: timer.status, due_at: timer.due_at, fired_at: timer.fired_at }, { status: 'fired', due_at: dueAt, fired_at: dueAt });
        assert.deepEqual(await nodesOf(sb, handle.id), ['nap', 'nap']);
      });
    });

    describe('durability', () => {
      it('keeps a paused run in the database only: a new process approves it and gets the result', async (t) => {
        const database = await createTestDatabase(dialect);
        let current: Switchboard | undefined;
        t.after(async () => {
          await current?.close();
          await database.drop();
        });
        current = await createSwitchboard({ store: database.target, pollMs: 20, workerId: 'process-1' });
        const paused = await current.chat.postMessage({ projectId, message: refundMessage });
        assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
        await current.close();

        current = await createSwitchboard({ store: database.target, pollMs: 20, workerId: 'process-2' });
        const handle = current.handle(paused.run_id);
        assert.equal((await handle.status()).status, 'waiting');
        await handle.approve({ by: 'alice' });
        const result = await handle.result();
        assert.equal(result.status, 'completed');
        assert.equal(result.actionResult, 'Refund issued: $42.50');
        assert.equal((await refundsOf(current)).length, 1);
      });
    });
  });
}

// ---- workflows -------------------------------------------------------------------------------

function askWorkflow(calls: { run: number; resume: number; answers: ResumeValue[] }): Workflow {
  return workflow<WorkflowState>('ask')
    .node('ask', {
      run: async () => {
        calls.run++;
        return { kind: 'interrupt', wait: { kind: 'customer' }, reply: 'What is your order number?', record: rec('ask') };
      },
      resume: async (_ctx, answer) => {
        calls.resume++;
        calls.answers.push(answer);
        return next({ order: answer.kind === 'customer' ? answer.text : null });
      },
    })
    .node('finish', { run: async (ctx) => next({ echo: `order ${String(ctx.state['order'])}` }) })
    .edge('ask', 'finish')
    .edge('finish', END)
    .build(() => ({}));
}

function laneWorkflow(): Workflow {
  const visit = (lane: string) => async () => next({ handledBy: lane });
  return workflow<WorkflowState>('lanes')
    .node('triage', { run: async (ctx) => next({ lane: String(ctx.state['message']).includes('urgent') ? 'fast' : 'slow' }) })
    .node('fast_lane', { run: visit('fast_lane') })
    .node('slow_lane', { run: visit('slow_lane') })
    .route('triage', (state) => String(state['lane']), { fast: 'fast_lane', slow: 'slow_lane' })
    .build((input) => ({ message: input.message }));
}

function recordingChargeTool(): { tool: Tool; keys: string[] } {
  const keys: string[] = [];
  const tool = defineTool({
    name: 'charge_card',
    description: 'Charges the card on file.',
    risk: 'money',
    approval: 'never',
    input: z.object({ cents: z.number().int().positive() }),
    execute: async ({ cents }, context) => {
      keys.push(context.idempotencyKey);
      return { charged: cents };
    },
  });
  return { tool, keys };
}

function refundArgs(cents: number) {
  return { amount_cents: cents, currency: 'USD', order_id: null, reason: 'test refund' };
}

function rec(decision: string): StepRecord {
  return { layer: 'system', source: 'test', decision };
}

function next(update: WorkflowState): NodeOutcome<WorkflowState> {
  return { kind: 'next', update, record: rec('next') };
}

// ---- switchboards and rows -------------------------------------------------------------------

const open = switchboardForTest;

/** Two processes on one database, as two Switchboards with their own worker ids. */
async function openPair(t: TestContext, dialect: DialectName, first: Partial<SwitchboardOptions>, second: Partial<SwitchboardOptions>): Promise<[Switchboard, Switchboard]> {
  const env = await testSwitchboard(dialect, first);
  const other = await createSwitchboard({ store: env.database.target, pollMs: 20, ...second }).catch(async (error: unknown) => {
    await env.close();
    throw error;
  });
  t.after(async () => {
    await other.close();
    await env.close();
  });
  return [env.sb, other];
}

let ticketNumber = 9000;

async function insertTicket(sb: Switchboard): Promise<string> {
  const number = ticketNumber++;
  const id = `tkt_${number}`;
  const now = isoAt(sb.clock);
  await sb.db.kysely
    .insertInto('tickets')
    .values({ id, project_id: projectId, number, thread_id: `thr_${number}`, status: 'new', category: null, priority: 'medium', subject: 'test', customer_email: null, assignee: null, version: 0, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** A new run leased to `sb`'s worker, as the chat intake creates it, but not yet driven. */
async function startLeasedRun(sb: Switchboard, workflowName: string): Promise<string> {
  const ticketId = await insertTicket(sb);
  return (await sb.engine.createRun(sb.db.kysely, { projectId, ticketId, workflow: workflowName, state: {} })).id;
}

async function stepsOf(sb: Switchboard, runId: string) {
  const rows = await sb.db.kysely.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
  return rows.map((row) => ({ seq: row.seq, node: row.node, status: row.status, output: fromJson<Record<string, unknown>>(row.output, {}) }));
}

async function nodesOf(sb: Switchboard, runId: string): Promise<string[]> {
  return (await stepsOf(sb, runId)).map((s) => s.node);
}

async function outboxTopics(sb: Switchboard): Promise<string[]> {
  return (await sb.db.kysely.selectFrom('outbox').select('topic').orderBy('id').execute()).map((r) => r.topic);
}

async function journalOf(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('tool_calls').select(['idempotency_key', 'status', 'attempts']).orderBy('id').execute();
  return rows.map((r) => ({ key: r.idempotency_key, status: r.status, attempts: r.attempts }));
}

async function refundsOf(sb: Switchboard) {
  const rows = await sb.db.kysely.selectFrom('demo_refunds').select(['idempotency_key', 'attempts', 'amount_cents']).orderBy('id').execute();
  return rows.map((r) => ({ key: r.idempotency_key, attempts: r.attempts, amount: r.amount_cents }));
}
