import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.ts';
import { parseHumanCompleteAction } from '../../src/escalation/human-complete.ts';
import { parseOnErrorThen } from '../../src/escalation/on-error.ts';
import { compileTriggers, onErrorPolicy } from '../../src/escalation/triggers.ts';
import { readMessage } from '../../src/triage/session-variables.ts';

const where = { source: 'switchboard.yaml', baseDir: '.' };

function escalationOf(lines: string[]) {
  return parseConfig(['escalation:', ...lines].join('\n'), where).file.escalation;
}

const briefExample = [
  '  agent:',
  '    triggers:',
  '      - WHEN: user.frustration_detected == true',
  '        REASON: "User showing signs of frustration"',
  '        PRIORITY: high',
  '        TAGS: [sentiment, retention]',
  '      - WHEN: handoff_count >= 4',
  '        REASON: "Customer bounced between too many agents"',
  '        PRIORITY: high',
  '  supervisor:',
  '    triggers:',
  '      - WHEN: routing_failures >= 3',
  '        REASON: "Multiple routing failures -- system issue"',
  '        PRIORITY: high',
  '  on_error:',
  '    tool_error: { respond: "Sorry, something went wrong on our side.", retry: 2, then: escalate }',
];

describe('evaluating escalation triggers', () => {
  it('fires on the session variables triage sets, and skips a trigger whose variable is not set', () => {
    const triggers = compileTriggers(escalationOf(briefExample));
    const session = readMessage('This is ridiculous, I have asked three times already and nobody helps!!', [], null, { now: new Date('2025-01-01T00:00:00Z') });
    assert.equal(session.user.frustration_detected, true);
    const result = triggers.evaluate('agent', session);
    assert.deepEqual(result.fired.map((fired) => [fired.index, fired.reason, fired.priority, fired.tags]), [[0, 'User showing signs of frustration', 'high', ['sentiment', 'retention']]]);
    assert.deepEqual(result.skipped, [{ index: 1, level: 'agent', when: 'handoff_count >= 4', error: 'Unknown variable: handoff_count' }]);
  });

  it('does not fire on a null variable, and reports why', () => {
    const triggers = compileTriggers(escalationOf(['  agent:', '    triggers:', '      - { WHEN: refund_amount > 1000, REASON: r, PRIORITY: low }']));
    const result = triggers.evaluate('agent', { refund_amount: null });
    assert.deepEqual(result.fired, []);
    assert.equal(result.skipped.length, 1);
  });

  it('keeps the levels apart', () => {
    const triggers = compileTriggers(escalationOf(briefExample));
    assert.deepEqual(triggers.evaluate('supervisor', { routing_failures: 3, user: { frustration_detected: true } }).fired.map((fired) => fired.level), ['supervisor']);
  });

  it('fires nothing without an escalation section', () => {
    const triggers = compileTriggers(parseConfig('', where).file.escalation);
    assert.equal(triggers.count('agent'), 0);
    assert.deepEqual(triggers.evaluate('agent', { user: { frustration_detected: true } }), { fired: [], skipped: [] });
  });

  it('reads ON_ERROR in lower case and defaults what is not configured', () => {
    const escalation = escalationOf(briefExample);
    assert.deepEqual(onErrorPolicy(escalation, 'tool_error'), { respond: 'Sorry, something went wrong on our side.', retry: 2, then: 'escalate', handoffTo: null });
    assert.deepEqual(onErrorPolicy(escalation, 'routing_failure'), { respond: null, retry: 0, then: 'escalate', handoffTo: null });
    assert.deepEqual(onErrorPolicy(undefined, 'tool_error'), { respond: null, retry: 0, then: 'escalate', handoffTo: null });
  });

  it('parses the spellings of on_human_complete actions and ON_ERROR THEN', () => {
    assert.deepEqual(parseHumanCompleteAction('COMPLETE'), { kind: 'complete' });
    assert.deepEqual(parseHumanCompleteAction('continue'), { kind: 'continue' });
    assert.deepEqual(parseHumanCompleteAction('HANDOFF to Billing_Agent'), { kind: 'handoff', agent: 'Billing_Agent' });
    assert.deepEqual(parseHumanCompleteAction('HANDOFF Billing_Agent'), { kind: 'handoff', agent: 'Billing_Agent' });
    assert.equal(parseHumanCompleteAction('HANDOFF to'), null);
    assert.equal(parseHumanCompleteAction('COMPLETE now'), null);
    assert.deepEqual(parseOnErrorThen('ESCALATE'), { then: 'escalate', handoffTo: null });
    assert.deepEqual(parseOnErrorThen('handoff'), { then: 'handoff', handoffTo: null });
    assert.deepEqual(parseOnErrorThen('HANDOFF to Live_Agent_Transfer'), { then: 'handoff', handoffTo: 'Live_Agent_Transfer' });
    assert.equal(parseOnErrorThen('HANDOFF to'), null);
    assert.equal(parseOnErrorThen('retry'), null);
  });

  it('accepts a single on_human_complete action', () => {
    const escalation = escalationOf(['  agent:', '    on_human_complete: COMPLETE', '    triggers:', '      - { WHEN: "true", REASON: r, PRIORITY: low }']);
    const [fired] = compileTriggers(escalation).evaluate('agent', {}).fired;
    assert.deepEqual(fired?.onHumanComplete.map((rule) => [rule.condition, rule.action]), [[null, { kind: 'complete' }]]);
  });
});
