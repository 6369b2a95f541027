// The numbers: two known days of conversations (an FAQ, approved and rejected refunds decided after
// known delays, a handoff left open past its due time, a model step with known tokens), counted per
// day, per category and in total, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import type { ProjectStats } from '../../src/app/stats.ts';
import type { Figures } from '../../src/app/stats-figures.ts';
import type { WorkflowState } from '../../src/engine/graph.ts';
import { workflow } from '../../src/engine/workflow-builder.ts';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const minute = 60_000;

/** A stand-in for a model answer: one step that records the tokens and cost a model call would. */
const modelAnswer = workflow<WorkflowState>('model-answer')
  .node('answer', {
    run: async () => ({ kind: 'next', reply: 'Here is your invoice.', ticket: { category: 'billing', status: 'resolved' }, record: { layer: 'specialist', source: 'llm', decision: 'answered', tokensIn: 1200, tokensOut: 300, costUsd: 0.0045 } }),
  }, { label: 'Answer', kind: 'llm' })
  .build(() => ({}));

/** Approvals and handoffs (priority high) are due an hour after they are created. */
const configWithSla = () => demoConfigWith((text) => `${text}\ninbox:\n  sla_minutes: { high: 60 }\n`);

const quiet = { tickets: 0, auto_resolved: 0, auto_resolution_rate: null, approvals_requested: 0, approved: 0, rejected: 0, approval_rate: null, rejection_rate: null, time_to_decision_seconds: { median: null, p90: null, decisions: 0 }, sla_breaches: 0, handoffs: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0 } satisfies Figures;

for (const dialect of await dialectsUnderTest()) {
  describe(`numbers per day and category (${dialect})`, () => {
    let env: TestSwitchboard;
    let app: ApiApp;
    const clock = new ManualClock('2026-03-10T09:00:00.000Z');

    before(async () => {
      env = await testSwitchboard(dialect, { clock, config: configWithSla(), workflows: [modelAnswer] });
      app = await apiApp(env.sb, { role: 'viewer' });
      const { chat, tasks } = env.sb;
      // 2026-03-10, 09:00: an FAQ answered by itself, and a refund approved after 10 minutes.
      await chat.postMessage({ projectId, message: 'How long does shipping take?' });
      const approved = await chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      clock.advance(10 * minute);
      await tasks.resolve(projectId, approved.task_id ?? '', { respondedBy: 'rita', decision: 'approved' });
      // 09:10: a refund rejected 90 minutes later, past its one-hour due time.
      const rejected = await chat.postMessage({ projectId, message: 'Please refund 59.99 USD for ORD-1002' });
      clock.advance(90 * minute);
      await tasks.resolve(projectId, rejected.task_id ?? '', { respondedBy: 'rita', decision: 'rejected', notes: 'already refunded' });
      // 2026-03-11, 08:00: a handoff nobody picks up, a model answer, and a small refund the policy allows.
      clock.advance(new Date('2026-03-11T08:00:00.000Z').getTime() - clock.now().getTime());
      const offered = await chat.postMessage({ projectId, message: 'can I talk to human?' });
      await chat.postMessage({ projectId, threadId: offered.thread_id, message: 'yes please' });
      await chat.postMessage({ projectId, message: 'Where is my invoice?', workflow: 'model-answer' });
      const small = await chat.postMessage({ projectId, message: 'I want a refund of $20.00' });
      assert.equal(small.status, 'DONE', 'a $20 refund needs no reviewer');
      // 12:00: the handoff is three hours past due and still open.
      clock.advance(4 * 60 * minute);
    });
    after(() => env.close());

    async function stats(query = ''): Promise<{ status: number; body: ProjectStats & { error?: { code: string } } }> {
      const response = await app.request(`/api/projects/${projectId}/stats${query}`);
      return { status: response.status, body: (await response.json()) as ProjectStats & { error?: { code: string } } };
    }

    const firstDay: Figures = { ...quiet, tickets: 3, auto_resolved: 1, auto_resolution_rate: 0.3333, approvals_requested: 2, approved: 1, rejected: 1, approval_rate: 0.5, rejection_rate: 0.5, time_to_decision_seconds: { median: 3000, p90: 5400, decisions: 2 }, sla_breaches: 1 };
    const secondDay: Figures = { ...quiet, tickets: 3, auto_resolved: 2, auto_resolution_rate: 0.6667, sla_breaches: 1, handoffs: 1, tokens_in: 1200, tokens_out: 300, cost_usd: 0.0045 };

    it('counts each day', async () => {
      const { status, body } = await stats('?from=2026-03-10&to=2026-03-11');
      assert.equal(status, 200);
      assert.equal(body.from, '2026-03-10');
      assert.equal(body.to, '2026-03-11');
      assert.deepEqual(body.days, [{ date: '2026-03-10', ...firstDay }, { date: '2026-03-11', ...secondDay }]);
    });

    it('adds the days up into totals, with rates and percentiles over all of them', async () => {
      const { body } = await stats('?from=2026-03-10&to=2026-03-11');
      assert.deepEqual(body.totals, { ...quiet, tickets: 6, auto_resolved: 3, auto_resolution_rate: 0.5, approvals_requested: 2, approved: 1, rejected: 1, approval_rate: 0.5, rejection_rate: 0.5, time_to_decision_seconds: { median: 3000, p90: 5400, decisions: 2 }, sla_breaches: 2, handoffs: 1, tokens_in: 1200, tokens_out: 300, cost_usd: 0.0045 });
    });

    it('counts each category, and each day of each category', async () => {
      const { body } = await stats('?from=2026-03-10&to=2026-03-11');
      assert.deepEqual(body.categories, [
        { category: 'billing', ...quiet, tickets: 1, auto_resolved: 1, auto_resolution_rate: 1, tokens_in: 1200, tokens_out: 300, cost_usd: 0.0045 },
        { category: 'faq', ...quiet, tickets: 1, auto_resolved: 1, auto_resolution_rate: 1 },
        { category: 'other', ...quiet, tickets: 1, auto_resolution_rate: 0, sla_breaches: 1, handoffs: 1 },
        { category: 'refund', ...quiet, tickets: 3, auto_resolved: 1, auto_resolution_rate: 0.3333, approvals_requested: 2, approved: 1, rejected: 1, approval_rate: 0.5, rejection_rate: 0.5, time_to_decision_seconds: { median: 3000, p90: 5400, decisions: 2 }, sla_breaches: 1 },
      ]);
      assert.deepEqual(body.by_day_and_category.map((cell) => [cell.date, cell.category, cell.tickets]), [
        ['2026-03-10', 'faq', 1],
        ['2026-03-10', 'refund', 2],
        ['2026-03-11', 'billing', 1],
        ['2026-03-11', 'other', 1],
        ['2026-03-11', 'refund', 1],
      ]);
      const refundsOnTheFirstDay = body.by_day_and_category.find((cell) => cell.date === '2026-03-10' && cell.category === 'refund');
      assert.deepEqual(refundsOnTheFirstDay?.time_to_decision_seconds, { median: 3000, p90: 5400, decisions: 2 });
      assert.equal(refundsOnTheFirstDay?.auto_resolution_rate, 0);
    });

    it('covers only the days asked for, quiet days included', async () => {
      const one = await stats('?from=2026-03-11&to=2026-03-11');
      assert.deepEqual(one.body.days, [{ date: '2026-03-11', ...secondDay }]);
      assert.deepEqual(one.body.totals, secondDay);
      const before = await stats('?from=2026-03-01&to=2026-03-09');
      assert.equal(before.body.days.length, 9);
      assert.deepEqual(before.body.totals, quiet);
      assert.deepEqual(before.body.categories, []);
    });

    it('defaults to the last 30 days, today included', async () => {
      const { body } = await stats();
      assert.equal(body.from, '2026-02-10');
      assert.equal(body.to, '2026-03-11');
      assert.equal(body.days.length, 30);
      assert.equal(body.totals.tickets, 6);
      assert.equal((await stats('?to=2026-03-10')).body.from, '2026-02-09');
    });

    it('refuses impossible dates, from after to, and more than a year with 400 invalid_request', async () => {
      for (const query of ['?from=2026-02-30', '?to=yesterday', '?from=2026-3-1', '?from=2026-03-12&to=2026-03-11', '?from=2024-01-01&to=2026-01-01']) {
        const { status, body } = await stats(query);
        assert.equal(status, 400, query);
        assert.equal(body.error?.code, 'invalid_request', query);
      }
    });
  });
}
