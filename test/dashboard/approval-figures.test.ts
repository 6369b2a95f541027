// The pure part of approval analytics: figures from records, the threshold search, its sentences and
// the policy it suggests, the target and range a request may ask for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { addApprovalCounts, approvalFiguresOf, countRecord, emptyApprovalCounts, normaliseReason, type ApprovalRecord } from '../../src/app/approval-figures.ts';
import { approvalCondition, largestApprovedAmount, parseTarget, percent, thresholdSuggestions, type AmountDecision } from '../../src/app/approval-threshold.ts';
import { lastDaysRange } from '../../src/app/last-days.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { compileCondition } from '../../src/policy/condition.ts';

const record = (outcome: ApprovalRecord['outcome'], extra: Partial<ApprovalRecord> = {}): ApprovalRecord => ({ tool: 'issue_refund', outcome, edited: false, decisionSeconds: null, notes: null, ...extra });
const decisions = (cents: number, count: number, approvedAsProposed = true, currency = 'USD'): AmountDecision[] => Array.from({ length: count }, () => ({ cents, currency, approvedAsProposed }));

describe('approval figures', () => {
  it('rates a person\'s decisions, keeps the deadline\'s apart and ranks the reasons', () => {
    const records = [
      record('approved', { decisionSeconds: 10 }),
      record('approved', { decisionSeconds: 30, edited: true }),
      record('rejected', { decisionSeconds: 20, notes: 'Out of policy.' }),
      record('rejected', { decisionSeconds: 40, notes: 'out of  policy' }),
      record('rejected', { decisionSeconds: 50, notes: 'Fraud' }),
      record('rejected', { decisionSeconds: 60, notes: '   ' }),
      record('deadline_approved'),
      record('deadline_rejected'),
      record('cancelled'),
      record('open'),
    ];
    const figures = approvalFiguresOf(records.reduce(countRecord, emptyApprovalCounts()));
    assert.deepEqual(figures, {
      requested: 10,
      open: 1,
      decided: 6,
      approved: 2,
      approved_with_edits: 1,
      rejected: 4,
      decided_by_deadline: { approved: 1, rejected: 1 },
      cancelled: 1,
      approval_rate: 0.3333,
      override_rate: 0.5,
      time_to_decision_seconds: { p50: 30, p90: 60, decisions: 6 },
      rejection_reasons: [
        { reason: 'out of policy', count: 2 },
        { reason: 'fraud', count: 1 },
        { reason: null, count: 1 },
      ],
    });
  });

  it('adds counts so that a tier\'s rates come from its tools\' counts, not their rates', () => {
    const one = [record('approved'), record('rejected', { notes: 'fraud' })].reduce(countRecord, emptyApprovalCounts());
    const other = [record('approved'), record('approved'), record('approved'), record('rejected', { notes: 'Fraud.' })].reduce(countRecord, emptyApprovalCounts());
    const tier = approvalFiguresOf(addApprovalCounts(addApprovalCounts(emptyApprovalCounts(), one), other));
    assert.equal(tier.approval_rate, 0.6667);
    assert.deepEqual(tier.rejection_reasons, [{ reason: 'fraud', count: 2 }]);
  });

  it('keeps the five most frequent reasons', () => {
    const records = ['a', 'b', 'b', 'c', 'd', 'e', 'f', 'f', 'f'].map((notes) => record('rejected', { notes }));
    assert.deepEqual(approvalFiguresOf(records.reduce(countRecord, emptyApprovalCounts())).rejection_reasons.map((r) => r.reason), ['f', 'b', 'a', 'c', 'd']);
  });

  it('normalises a note into a reason', () => {
    assert.deepEqual([normaliseReason(' Already\n refunded!! '), normaliseReason(''), normaliseReason(null)], ['already refunded', null, null]);
  });
});

describe('auto-approve threshold', () => {
  it('takes the largest amount whose cumulative share reaches the target with enough decisions', () => {
    const history = [...decisions(1000, 19), ...decisions(2000, 1), ...decisions(2500, 10), ...decisions(3000, 1, false), ...decisions(9000, 5, false)];
    assert.deepEqual(largestApprovedAmount(history, 0.99), { cents: 2500, decided: 30, approved: 30 });
    assert.deepEqual(largestApprovedAmount(history, 0.95), { cents: 3000, decided: 31, approved: 30 });
    assert.equal(largestApprovedAmount(decisions(1000, 19), 0.5), null, 'nineteen decisions are not enough');
  });

  it('never splits one amount: every decision at an amount counts together', () => {
    const history = [...decisions(1000, 20), ...decisions(2000, 5), ...decisions(2000, 1, false)];
    assert.deepEqual(largestApprovedAmount(history, 0.99), { cents: 1000, decided: 20, approved: 20 });
  });

  it('says when no amount reaches the target, and when there is too little data', () => {
    const history = [...decisions(500, 1, false), ...decisions(1000, 24)];
    const [below] = thresholdSuggestions({ tool: 'issue_refund', currentRule: 'always', decisions: history, target: 0.99, days: 30 });
    assert.deepEqual(below, { tool: 'issue_refund', currency: 'USD', status: 'below_target', max_amount_cents: null, decided: 25, approved: 24, share: 0.96, sentence: 'No suggestion for issue_refund in USD: at no amount were 99% of at least 20 decisions approved as proposed in 30 days (24 of 25 overall).', policy_yaml: null });
    const [few] = thresholdSuggestions({ tool: 'issue_refund', currentRule: 'always', decisions: decisions(1000, 3), target: 0.99, days: 7 });
    assert.equal(few?.status, 'not_enough_data');
    assert.equal(few?.sentence, 'No suggestion for issue_refund in USD: 3 decided approvals with an amount in 7 days; at least 20 are needed.');
  });

  it('suggests per currency, each policy gating only its own currency', () => {
    const history = [...decisions(3000, 20), ...decisions(5000, 20, true, 'EUR')];
    const suggestions = thresholdSuggestions({ tool: 'issue_refund', currentRule: 'always', decisions: history, target: 0.99, days: 90 });
    assert.deepEqual(suggestions.map((s) => s.sentence), [
      'issue_refund ≤ €50.00 was approved as proposed 100% of the time (20 of 20) in 90 days.',
      'issue_refund ≤ $30.00 was approved as proposed 100% of the time (20 of 20) in 90 days.',
    ]);
    const condition = (parse(suggestions[1]?.policy_yaml ?? '') as { tools: { issue_refund: { approval: string } } }).tools.issue_refund.approval;
    const needsApproval = (cents: number, currency: string) => compileCondition(condition).evaluate({ args: { amount_cents: cents, currency } });
    assert.deepEqual([needsApproval(3000, 'USD'), needsApproval(3001, 'USD'), needsApproval(100, 'EUR')].map((r) => r.ok && r.value), [false, true, true]);
  });

  it('keeps a condition the tool has, and replaces a fixed rule', () => {
    assert.equal(approvalCondition('args.amount_cents > 2500', 4000, null), '(args.amount_cents > 2500) && args.amount_cents > 4000');
    assert.equal(approvalCondition('always', 4000, null), 'args.amount_cents > 4000');
    assert.equal(approvalCondition('tool default (above_amount)', 4000, null), 'args.amount_cents > 4000');
  });

  it('shows a share rounded down, never above what it is', () => {
    assert.deepEqual([percent(124 / 125), percent(0.99999), percent(1), percent(0.5)], ['99.2%', '99.9%', '100%', '50%']);
  });
});

describe('request values', () => {
  it('reads a target above 0 and at most 1', () => {
    assert.deepEqual([parseTarget(undefined), parseTarget('0.95'), parseTarget('1'), parseTarget('1.0')], [0.99, 0.95, 1, 1]);
    for (const text of ['0', '0.0', '1.01', '2', '.9', '99%', 'NaN', '']) assert.throws(() => parseTarget(text), (error) => isSwitchboardError(error) && error.code === 'invalid_request', text);
  });

  it('reads the last N days up to today', () => {
    const clock = new ManualClock('2026-03-10T23:59:00.000Z');
    assert.deepEqual(({ ...lastDaysRange(clock, '7d'), days: undefined }), { from: '2026-03-04', to: '2026-03-10', since: '2026-03-04', until: '2026-03-11', days: undefined });
    assert.equal(lastDaysRange(clock).days.length, 30);
    for (const text of ['7', 'd', '0d', '367d', '07d', '1.5d']) assert.throws(() => lastDaysRange(clock, text), (error) => isSwitchboardError(error) && error.code === 'invalid_request', text);
  });
});
