import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoConfigPath, loadConfigFile, parseConfig, type ConfigProblem } from '../../src/config/load-config.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';

const where = { source: 'switchboard.yaml', baseDir: '.' };

function problemsOf(text: string): ConfigProblem[] {
  try {
    parseConfig(text, where);
  } catch (error) {
    assert.ok(isSwitchboardError(error));
    assert.equal(error.code, 'invalid_config');
    return error.details?.['problems'] as ConfigProblem[];
  }
  assert.fail('the configuration was accepted');
}

describe('configuration file', () => {
  it('loads the demo configuration with its intents, rules and tool policies', () => {
    const config = loadConfigFile(demoConfigPath);
    assert.ok(Object.keys(config.file.intents).length >= 10);
    assert.equal(config.file.support_rules[0]?.name, 'Download link resend requests');
    assert.equal(config.file.tools['issue_refund']?.risk, 'money');
    assert.match(config.hash, /^[0-9a-f]{16}$/);
  });

  it('fills defaults for an empty file', () => {
    const config = parseConfig('', where);
    assert.deepEqual(config.file.support_rules, []);
    assert.equal(config.file.classifier.target_precision, 0.97);
    assert.equal(config.file.llm.triage_below, 0.75);
  });

  it('points at the line and path of a bad value', () => {
    const text = ['support_rules:', '  - id: 1', '    name: Refunds', '    keywords: [refund]', '    category: refund', '    route: nowhere', '    summary: s'].join('\n');
    const [problem] = problemsOf(text);
    assert.equal(problem?.path, 'support_rules[0].route');
    assert.equal(problem?.line, 6);
    assert.match(problem?.message ?? '', /refund|order_status/);
  });

  it('rejects a CEL condition that does not parse, with its line', () => {
    const text = ['tools:', '  issue_refund:', '    approval: "args.amount_cents >"'].join('\n');
    const [problem] = problemsOf(text);
    assert.equal(problem?.path, 'tools.issue_refund.approval');
    assert.equal(problem?.line, 3);
    assert.match(problem?.message ?? '', /not a valid CEL condition/);
  });

  it('rejects an invalid regular expression and an unknown key', () => {
    const text = ['entities:', '  order_id_pattern: "(unclosed"', 'llm:', '  modle: x'].join('\n');
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => p.path).sort(), ['entities.order_id_pattern', 'llm'].sort());
    assert.ok(problems.every((p) => p.line !== null));
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = problemsOf('intents:\n  refund: [unclosed\n');
    assert.ok(problem?.line !== null);
  });

  it('points at an alias whose anchor is missing, and refuses an alias bomb, instead of throwing', () => {
    const [problem] = problemsOf('llm:\n  model: *nowhere\n');
    assert.equal(problem?.line, 2);
    assert.equal(problem?.column, 10);
    assert.match(problem?.message ?? '', /anchor/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((key, index) => `${key}: &${key} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`)].join('\n');
    assert.match(problemsOf(bomb)[0]?.message ?? '', /alias/i);
  });

  it('refuses a rule without anything to match and duplicate rule ids', () => {
    const rule = (id: number) => [`  - id: ${id}`, '    name: r', '    category: c', '    route: ticket', '    summary: s'];
    assert.match(problemsOf(['support_rules:', ...rule(1)].join('\n'))[0]?.message ?? '', /at least one of keywords, pattern or condition/);
    const duplicate = ['support_rules:', ...rule(1), '    keywords: [a]', ...rule(1), '    keywords: [b]'].join('\n');
    const [problem] = problemsOf(duplicate);
    assert.equal(problem?.path, 'support_rules[1].id');
  });

  it('names the file when it cannot be read, and formats the first problem as file:line:col path', () => {
    assert.throws(() => loadConfigFile('does-not-exist.yaml'), (error: unknown) => isSwitchboardError(error) && /does-not-exist\.yaml: no such file/.test(error.message));
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'project:\n  name: 42\n');
    assert.throws(() => loadConfigFile(path), (error: unknown) => isSwitchboardError(error) && error.message.startsWith(`${path}:2:9 project.name:`));
  });
});
