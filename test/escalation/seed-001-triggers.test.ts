import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.ts';
import { decideAfterHuman } from '../../src/escalation/human-complete.ts';
import type { EscalationLevel } from '../../src/escalation/trigger-schema.ts';
import { compileTriggers, onErrorPolicy, type FiredTrigger } from '../../src/escalation/triggers.ts';

const fixture = new URL('./fixtures/seed-001-triggers.yaml', import.meta.url);
const config = parseConfig(readFileSync(fixture, 'utf8'), { source: 'seed-001-triggers.yaml', baseDir: '.' });
const triggers = compileTriggers(config.file.escalation);

/** A calm session where nothing should fire: every variable the seed's conditions read is set. */
const calm = {
  message: 'Can I change my booking?',
  user: { email: null, requests_human: false, frustration_detected: false, insists: false },
  intent: { label: 'booking_change', category: 'booking', confidence: 0.9, source: 'classifier' },
  entities: { order_id: null },
  refund_amount: 40,
  handoff_count: 0,
  modification_failures: 0,
  transaction_amount: 40,
  customer_tier: 'standard',
  routing_failures: 0,
  check_change_eligibility: { eligible: true },
};

interface Case {
  level: EscalationLevel;
  index: number;
  /** Changes to the calm session that make the trigger fire. */
  firesWith: Record<string, unknown>;
  reason: string;
  priority: string;
  tags: string[];
}

const cases: Case[] = [
  { level: 'agent', index: 0, firesWith: { user: { ...calm.user, frustration_detected: true } }, reason: 'User showing signs of frustration', priority: 'high', tags: ['sentiment', 'retention'] },
  { level: 'agent', index: 1, firesWith: { intent: { ...calm.intent, category: 'complaint' } }, reason: 'Customer complaint requires immediate attention', priority: 'critical', tags: ['complaint'] },
  { level: 'agent', index: 2, firesWith: { handoff_count: 4 }, reason: 'Customer bounced between too many agents', priority: 'high', tags: ['ux_failure'] },
  { level: 'agent', index: 3, firesWith: { refund_amount: 1500 }, reason: 'High-value refund of $1500 requires manager approval', priority: 'medium', tags: ['refund', 'approval_needed'] },
  { level: 'agent', index: 4, firesWith: { user: { ...calm.user, requests_human: true } }, reason: 'Customer requesting human agent', priority: 'medium', tags: [] },
  { level: 'agent', index: 5, firesWith: { refund_amount: 1000.01 }, reason: 'High-value refund requires manager approval', priority: 'medium', tags: ['refund', 'approval_needed'] },
  { level: 'agent', index: 6, firesWith: { check_change_eligibility: { eligible: false }, user: { ...calm.user, insists: true } }, reason: 'Customer insisting on change that cannot be processed', priority: 'high', tags: ['change_request'] },
  { level: 'agent', index: 7, firesWith: { modification_failures: 2 }, reason: 'Repeated system errors while modifying booking', priority: 'high', tags: ['system_error'] },
  { level: 'agent', index: 8, firesWith: { transaction_amount: 10001 }, reason: 'High-value transaction requires manager approval', priority: 'high', tags: ['finance', 'approval'] },
  { level: 'agent', index: 9, firesWith: { customer_tier: 'VIP', intent: { ...calm.intent, category: 'complaint' } }, reason: 'VIP complaint requires immediate human attention', priority: 'critical', tags: ['vip', 'escalation'] },
  { level: 'supervisor', index: 0, firesWith: { routing_failures: 3 }, reason: 'Multiple routing failures -- system issue', priority: 'high', tags: [] },
  { level: 'supervisor', index: 1, firesWith: { customer_tier: 'VIP', intent: { ...calm.intent, category: 'complaint' } }, reason: 'VIP customer with complaint requires immediate attention', priority: 'critical', tags: ['vip', 'complaint'] },
];

function firedAt(level: EscalationLevel, index: number, variables: Record<string, unknown>): FiredTrigger | undefined {
  return triggers.evaluate(level, variables).fired.find((fired) => fired.index === index);
}

describe('seed 001 escalation triggers', () => {
  it('loads every trigger of the seed through the configuration file', () => {
    assert.equal(triggers.count('agent'), 10);
    assert.equal(triggers.count('supervisor'), 2);
  });

  it('fires nothing and skips nothing for a calm session', () => {
    for (const level of ['agent', 'supervisor'] as const) assert.deepEqual(triggers.evaluate(level, calm), { fired: [], skipped: [] });
  });

  for (const example of cases) {
    it(`${example.level} trigger ${example.index} fires with "${example.reason}"`, () => {
      const fired = firedAt(example.level, example.index, { ...calm, ...example.firesWith });
      assert.ok(fired, 'the trigger did not fire');
      assert.equal(fired.reason, example.reason);
      assert.equal(fired.priority, example.priority);
      assert.deepEqual(fired.tags, example.tags);
      assert.equal(firedAt(example.level, example.index, calm), undefined);
    });
  }

  it('the AND example needs both sides', () => {
    const user = { ...calm.user, insists: true };
    assert.equal(firedAt('agent', 6, { ...calm, user }), undefined);
    assert.equal(firedAt('agent', 6, { ...calm, check_change_eligibility: { eligible: false } }), undefined);
  });

  it('the VIP complaint fires at both levels and a VIP without a complaint does not', () => {
    const vip = { ...calm, customer_tier: 'VIP' };
    assert.equal(firedAt('supervisor', 1, vip), undefined);
    assert.equal(firedAt('agent', 9, vip), undefined);
    const complaint = { ...vip, intent: { ...calm.intent, category: 'complaint' } };
    assert.deepEqual(triggers.evaluate('agent', complaint).fired.map((fired) => fired.index), [1, 9]);
  });

  it('passes the context_for_human variables, null for those the session lacks', () => {
    const fired = firedAt('agent', 3, { ...calm, refund_amount: 1500, booking_id: 'BK-7', user_id: 'u1' });
    assert.deepEqual(fired?.contextForHuman, { booking_id: 'BK-7', user_id: 'u1', action_type: null, change_details: null, refund_amount: 1500, conversation_history: null });
  });

  it("uses the level's context_for_human and on_human_complete for triggers without their own", () => {
    const fired = firedAt('agent', 7, { ...calm, modification_failures: 2, booking_id: 'BK-7' });
    assert.deepEqual(Object.keys(fired?.contextForHuman ?? {}), ['booking_id', 'user_id', 'action_type', 'change_details', 'refund_amount', 'conversation_history']);
    assert.deepEqual(decideAfterHuman(fired?.onHumanComplete ?? [], { human: { approved_change: false, approved_refund: true, resolved: false } }), { kind: 'continue' });
    const supervisor = firedAt('supervisor', 0, { ...calm, routing_failures: 5, last_intent: 'refund' });
    assert.deepEqual(supervisor?.contextForHuman, { user_id: null, conversation_history: null, routing_history: null, last_intent: 'refund' });
  });

  it("follows a trigger's on_human_complete rules in order", () => {
    const rules = firedAt('agent', 4, { ...calm, user: { ...calm.user, requests_human: true } })?.onHumanComplete ?? [];
    assert.deepEqual(decideAfterHuman(rules, { human: { resolved: true, needs_agent: true, approved_refund: false } }), { kind: 'complete' });
    assert.deepEqual(decideAfterHuman(rules, { human: { resolved: false, needs_agent: true, approved_refund: false } }), { kind: 'handoff', agent: 'specified_agent' });
    assert.deepEqual(decideAfterHuman(rules, { human: { resolved: false, needs_agent: false, approved_refund: true } }), { kind: 'continue' });
    assert.equal(decideAfterHuman(rules, { human: { resolved: false, needs_agent: false, approved_refund: false } }), null);
  });

  it('reads the seed ON_ERROR in its uppercase spelling', () => {
    assert.deepEqual(onErrorPolicy(config.file.escalation, 'tool_error'), { respond: 'I encountered an issue. Let me connect you with a specialist.', retry: 1, then: 'escalate', handoffTo: null });
    assert.deepEqual(onErrorPolicy(config.file.escalation, 'routing_failure'), { respond: 'I am having trouble routing your request.', retry: 1, then: 'handoff', handoffTo: 'Live_Agent_Transfer' });
  });
});
