import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, type ConfigProblem } from '../../src/config/load-config.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';

const where = { source: 'switchboard.yaml', baseDir: '.' };

function problemsOf(lines: string[]): ConfigProblem[] {
  try {
    parseConfig(lines.join('\n'), where);
  } catch (error) {
    assert.ok(isSwitchboardError(error));
    assert.equal(error.code, 'invalid_config');
    return error.details?.['problems'] as ConfigProblem[];
  }
  assert.fail('the configuration was accepted');
}

function accepts(lines: string[]): void {
  parseConfig(lines.join('\n'), where);
}

/** Three good agent triggers; `third` replaces the lines of the third. */
function agentTriggers(third: string[]): string[] {
  return [
    'escalation:', //                                          1
    '  agent:', //                                             2
    '    triggers:', //                                        3
    '      - WHEN: user.frustration_detected == true', //     4
    '        REASON: "User showing signs of frustration"', // 5
    '        PRIORITY: high', //                               6
    '      - WHEN: handoff_count >= 4', //                     7
    '        REASON: "Bounced around"', //                     8
    '        PRIORITY: high', //                               9
    ...third, //                                               10…
  ];
}

describe('escalation configuration errors', () => {
  it('reports a WHEN that is not valid CEL at its line and path', () => {
    const [problem] = problemsOf(agentTriggers(['      - WHEN: refund_amount >', '        REASON: r', '        PRIORITY: low']));
    assert.equal(problem?.path, 'escalation.agent.triggers[2].WHEN');
    assert.equal(problem?.line, 10);
    assert.match(problem?.message ?? '', /not a valid CEL condition/);
  });

  it('reports a REASON naming a variable nobody declared', () => {
    const problems = problemsOf(agentTriggers(['      - WHEN: refund_amount > 1000', '        REASON: "Refund of ${{refund_amont}} for {{booking_id}}"', '        PRIORITY: medium']));
    assert.deepEqual(problems.map((problem) => [problem.path, problem.line]), [
      ['escalation.agent.triggers[2].REASON', 11],
      ['escalation.agent.triggers[2].REASON', 11],
    ]);
    assert.match(problems[0]?.message ?? '', /\{\{refund_amont\}\}, an unknown variable/);
    assert.match(problems[1]?.message ?? '', /\{\{booking_id\}\}/);
  });

  it('lets a REASON use session variables, WHEN variables, context_for_human and escalation.variables', () => {
    accepts(['escalation:', '  agent:', '    triggers:', '      - { WHEN: "handoff_count >= 4", REASON: "{{user.email}} moved {{handoff_count}} times ({{intent.category}})", PRIORITY: high }']);
    accepts(['escalation:', '  agent:', '    triggers:', '      - { WHEN: "true", REASON: "{{booking_id}}", PRIORITY: high, context_for_human: [booking_id] }']);
    accepts(['escalation:', '  agent:', '    context_for_human: [booking_id]', '    triggers:', '      - { WHEN: "true", REASON: "{{booking_id}}", PRIORITY: high }']);
    accepts(['escalation:', '  variables: [customer_name]', '  agent:', '    triggers:', '      - { WHEN: "true", REASON: "{{customer_name.first}}", PRIORITY: high }']);
  });

  it('does not count a field or a quoted word in WHEN as a variable', () => {
    const problems = problemsOf(['escalation:', '  agent:', '    triggers:', '      - { WHEN: "intent.category == \'eligible\'", REASON: "{{category}} {{eligible}}", PRIORITY: high }']);
    assert.deepEqual(problems.map((problem) => problem.message.match(/\{\{(\w+)\}\}/)?.[1]), ['category', 'eligible']);
  });

  it('reports a template with an unclosed placeholder', () => {
    const [problem] = problemsOf(agentTriggers(['      - WHEN: "true"', '        REASON: "Refund of {{refund_amount"', '        PRIORITY: low']));
    assert.equal(problem?.path, 'escalation.agent.triggers[2].REASON');
    assert.match(problem?.message ?? '', /not a valid template/);
  });

  it('reports an invalid priority', () => {
    const [problem] = problemsOf(agentTriggers(['      - WHEN: "true"', '        REASON: r', '        PRIORITY: urgent']));
    assert.equal(problem?.path, 'escalation.agent.triggers[2].PRIORITY');
    assert.equal(problem?.line, 12);
    assert.match(problem?.message ?? '', /critical/);
  });

  it('reports a missing PRIORITY and an unknown key', () => {
    const problems = problemsOf(agentTriggers(['      - WHEN: "true"', '        REASON: r', '        PRIOIRTY: low']));
    assert.deepEqual(problems.map((problem) => problem.path).sort(), ['escalation.agent.triggers[2]', 'escalation.agent.triggers[2].PRIORITY']);
    assert.ok(problems.every((problem) => problem.line !== null));
    assert.ok(problems.some((problem) => /PRIOIRTY/.test(problem.message)));
  });

  it('reports an unknown key in the section itself', () => {
    const [problem] = problemsOf(['escalation:', '  agents:', '    triggers: []']);
    assert.equal(problem?.path, 'escalation');
    assert.match(problem?.message ?? '', /agents/);
  });

  it('reports on_human_complete rules it cannot read', () => {
    const problems = problemsOf(['escalation:', '  supervisor:', '    triggers: []', '    on_human_complete:', '      - IF human.resolved == true: FINISH', '      - WHEN human.resolved: COMPLETE', '      - IF human.resolved ==: COMPLETE']);
    assert.deepEqual(problems.map((problem) => [problem.path, problem.line]), [
      ['escalation.supervisor.on_human_complete[0]', 5],
      ['escalation.supervisor.on_human_complete[1]', 6],
      ['escalation.supervisor.on_human_complete[2]', 7],
    ]);
    assert.match(problems[0]?.message ?? '', /"FINISH" is not COMPLETE, CONTINUE or HANDOFF to <agent>/);
    assert.match(problems[1]?.message ?? '', /should read "IF <condition>"/);
    assert.match(problems[2]?.message ?? '', /not a valid CEL condition/);
  });

  it('reports an ON_ERROR it cannot read', () => {
    const problems = problemsOf(['escalation:', '  on_error:', '    tool_error: { respond: "Sorry", retry: -1, then: give_up }', '    timeout: { retry: 1 }']);
    assert.deepEqual(problems.map((problem) => problem.path).sort(), ['escalation.on_error', 'escalation.on_error.tool_error.retry', 'escalation.on_error.tool_error.then']);
    assert.ok(problems.every((problem) => problem.line === 3 || problem.line === 2));
  });

  it('reports an ON_ERROR key written in both spellings', () => {
    const [problem] = problemsOf(['escalation:', '  on_error:', '    tool_error: { respond: a, RESPOND: b }']);
    assert.equal(problem?.path, 'escalation.on_error.tool_error');
    assert.match(problem?.message ?? '', /RESPOND/);
  });

  it('reports a context_for_human entry that is not a variable path', () => {
    const [problem] = problemsOf(['escalation:', '  agent:', '    context_for_human: [booking id]']);
    assert.equal(problem?.path, 'escalation.agent.context_for_human[0]');
    assert.equal(problem?.line, 3);
  });
});
