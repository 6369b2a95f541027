// Approval analytics over refunds seeded through the real chat and inbox: a week ago twenty approvals,
// one approval with an edited amount and three rejections with reasons; today one refund denied by its
// deadline, one approved, one cancelled and one still open. Every figure and the threshold, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ApprovalAnalytics } from '../../src/app/approval-analytics.ts';
import type { ApprovalFigures } from '../../src/app/approval-figures.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { compileCondition } from '../../src/policy/condition.ts';
import { apiApp, type ApiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';
const minute = 60_000;
const demoRule = 'args.amount_cents + run.money_out_cents > 2500';

/** Refund approvals are due an hour after they are created; nobody answering by then is a denial. */
const configWithExpiry = () => demoConfigWith((text) => `${text}\ninbox:\n  sla_minutes: { high: 60 }\n  on_expiry: auto_deny\n`);

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

for (const dialect of await dialectsUnderTest()) {
  describe(`approval analytics (${dialect})`, () => {
    let env: TestSwitchboard;
    let app: ApiApp;
    const clock = new ManualClock('2026-03-03T09:00:00.000Z');

    /** A refund whose approval task opens now; returns the task id. */
    async function refund(cents: number): Promise<string> {
      const result = await env.sb.chat.postMessage({ projectId, message: `I want a refund of ${dollars(cents)}` });
      assert.equal(result.status, 'PAUSED_FOR_APPROVAL', `a ${dollars(cents)} refund waits for a reviewer`);
      return result.task_id ?? '';
    }

    async function decide(taskId: string, afterMinutes: number, decision: 'approved' | 'rejected', extra: { notes?: string; fields?: Record<string, unknown> } = {}): Promise<void> {
      clock.advance(afterMinutes * minute);
      await env.sb.tasks.resolve(projectId, taskId, { respondedBy: 'rita', decision, ...extra });
    }

    before(async () => {
      env = await testSwitchboard(dialect, { clock, config: configWithExpiry() });
      app = await apiApp(env.sb, { role: 'viewer' });
      // A week ago: $26.00 … $45.00 approved after 1 … 20 minutes.
      for (let index = 0; index < 20; index += 1) await decide(await refund(2600 + index * 100), index + 1, 'approved');
      // $46.00 approved as $40.00 after 30 minutes; three rejections after 5 minutes each.
      await decide(await refund(4600), 30, 'approved', { fields: { args: { amount_cents: 4000 } } });
      await decide(await refund(5000), 5, 'rejected', { notes: 'Already refunded.' });
      await decide(await refund(6000), 5, 'rejected', { notes: '  already   refunded ' });
      await decide(await refund(7000), 5, 'rejected');
      // Today: $95.00 left past its due time and denied by the expiry rule, $30.00 approved after 2 minutes,
      // $90.00 cancelled and $80.00 still open.
      clock.advance(Date.parse('2026-03-10T09:00:00.000Z') - clock.now().getTime());
      await refund(9500);
      clock.advance(61 * minute);
      for (const runId of await env.sb.sla.escalateOverdue()) await env.sb.engine.drive(runId);
      await decide(await refund(3000), 2, 'approved');
      await env.sb.tasks.cancel(projectId, await refund(9000), 'rita', 'duplicate request');
      await refund(8000);
    });
    after(() => env.close());

    async function analytics(query = ''): Promise<{ status: number; body: ApprovalAnalytics & { error?: { code: string; message: string } } }> {
      const response = await app.request(`/api/projects/${projectId}/approval-analytics${query}`);
      return { status: response.status, body: (await response.json()) as ApprovalAnalytics & { error?: { code: string; message: string } } };
    }

    const thirtyDays: ApprovalFigures = {
      requested: 28,
      open: 1,
      decided: 25,
      approved: 22,
      approved_with_edits: 1,
      rejected: 3,
      decided_by_deadline: { approved: 0, rejected: 1 },
      cancelled: 1,
      approval_rate: 0.88,
      override_rate: 0.0455,
      // 60 … 1200 s, 1800 s, 300 s three times and 120 s: the 13th and the 23rd of 25.
      time_to_decision_seconds: { p50: 540, p90: 1140, decisions: 25 },
      rejection_reasons: [
        { reason: 'already refunded', count: 2 },
        { reason: null, count: 1 },
      ],
    };

    it('counts each tool with its tier and rule, each tier, and the total', async () => {
      const { status, body } = await analytics();
      assert.equal(status, 200);
      assert.deepEqual([body.from, body.to, body.days, body.target, body.minimum_decisions], ['2026-02-09', '2026-03-10', 30, 0.99, 20]);
      assert.deepEqual(body.tools, [{ tool: 'issue_refund', tier: 'money', rule: demoRule, ...thirtyDays }]);
      assert.deepEqual(body.tiers, [{ tier: 'money', ...thirtyDays }]);
      assert.deepEqual(body.totals, thirtyDays);
    });

    it('suggests the largest amount approved as proposed at the target share, with its policy', async () => {
      const { body } = await analytics('?range=30d');
      const [suggestion, ...others] = body.thresholds;
      assert.deepEqual(others, []);
      assert.equal(suggestion?.sentence, 'issue_refund ≤ $45.00 was approved as proposed 100% of the time (21 of 21) in 30 days.');
      assert.deepEqual({ ...suggestion, policy_yaml: null }, { tool: 'issue_refund', currency: 'USD', status: 'suggested', max_amount_cents: 4500, decided: 21, approved: 21, share: 1, sentence: suggestion?.sentence, policy_yaml: null });
      const policy = parse(suggestion?.policy_yaml ?? '') as { tools: Record<string, { approval: string }> };
      const condition = policy.tools['issue_refund']?.approval ?? '';
      assert.equal(condition, `(${demoRule}) && args.amount_cents > 4500`);
      const needsApproval = (cents: number, paidBefore = 0) => compileCondition(condition).evaluate({ args: { amount_cents: cents }, run: { money_out_cents: paidBefore } });
      assert.deepEqual([needsApproval(4500), needsApproval(4501), needsApproval(2000, 2000)], [{ ok: true, value: false }, { ok: true, value: true }, { ok: true, value: false }]);
    });

    it('reaches further for a lower target, counting an edited approval as not approved as proposed', async () => {
      const lower = (await analytics('?target=0.95')).body.thresholds[0];
      assert.equal(lower?.sentence, 'issue_refund ≤ $46.00 was approved as proposed 95.4% of the time (21 of 22) in 30 days.');
      assert.deepEqual([lower?.max_amount_cents, lower?.share], [4600, 0.9545]);
      assert.equal((await analytics('?target=0.8')).body.thresholds[0]?.max_amount_cents, 7000);
    });

    it('says there is too little data for a suggestion in a short range', async () => {
      const { body } = await analytics('?range=1d');
      assert.deepEqual([body.from, body.to, body.days], ['2026-03-10', '2026-03-10', 1]);
      assert.deepEqual(body.totals, {
        requested: 4,
        open: 1,
        decided: 1,
        approved: 1,
        approved_with_edits: 0,
        rejected: 0,
        decided_by_deadline: { approved: 0, rejected: 1 },
        cancelled: 1,
        approval_rate: 1,
        override_rate: 0,
        time_to_decision_seconds: { p50: 120, p90: 120, decisions: 1 },
        rejection_reasons: [],
      } satisfies ApprovalFigures);
      assert.deepEqual(body.thresholds, [
        { tool: 'issue_refund', currency: 'USD', status: 'not_enough_data', max_amount_cents: null, decided: 1, approved: 1, share: 1, sentence: 'No suggestion for issue_refund in USD: 1 decided approval with an amount in 1 day; at least 20 are needed.', policy_yaml: null },
      ]);
    });

    it('answers an empty range with zeros and no suggestion', async () => {
      clock.advance(60 * 24 * 60 * minute);
      try {
        const { body } = await analytics('?range=7d');
        assert.deepEqual([body.tools, body.tiers, body.thresholds], [[], [], []]);
        assert.deepEqual([body.totals.requested, body.totals.approval_rate, body.totals.time_to_decision_seconds.p50], [0, null, null]);
      } finally {
        clock.advance(-60 * 24 * 60 * minute);
      }
    });

    it('refuses a malformed range or target with 400 invalid_request', async () => {
      for (const query of ['?range=30', '?range=0d', '?range=367d', '?range=-7d', '?range=1w', '?target=0', '?target=1.5', '?target=high', '?target=-0.5', '?target=']) {
        const { status, body } = await analytics(query);
        assert.equal(status, 400, query);
        assert.equal(body.error?.code, 'invalid_request', query);
        assert.match(body.error?.message ?? '', /range|target/, query);
      }
    });
  });
}
