import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.ts';
import { compileSupportRules, firstMatchingRule } from '../../src/triage/support-rules.ts';

const config = parseConfig(
  `
support_rules:
  - id: 63
    name: Download link resend requests
    keywords: [download link, resend]
    category: delivery
    priority: high
    route: specialist
    summary: Download-link resend requests should go to the delivery specialist.
  - id: 64
    name: Legal threats
    pattern: '\\b(lawyer|chargeback)\\b'
    category: complaint
    priority: critical
    route: ticket
    summary: Legal threats go to the team.
  - id: 65
    name: Frustrated refunds
    keywords: [refund]
    condition: user.frustration_detected AND intent.label == "refund"
    category: refund
    route: refund
    summary: s
  - id: 66
    name: Disabled
    enabled: false
    keywords: [anything]
    category: x
    route: ticket
    summary: s
`,
  { source: 'rules.yaml', baseDir: '.' },
);
const rules = compileSupportRules(config.file.support_rules);

describe('support rules', () => {
  it('matches keywords as whole words in any case, first rule wins', () => {
    const match = firstMatchingRule(rules, 'I did not receive my file, RESEND the Download  Link', {});
    assert.equal(match?.rule.id, 63);
    assert.match(match?.evidence ?? '', /download link|resend/i);
    assert.equal(firstMatchingRule(rules, 'the resender is broken', {}), null);
  });

  it('matches patterns', () => {
    assert.equal(firstMatchingRule(rules, 'I will file a chargeback', {})?.rule.id, 64);
  });

  it('needs every part it names: keyword and condition', () => {
    const angry = { user: { frustration_detected: true }, intent: { label: 'refund' } };
    assert.equal(firstMatchingRule(rules, 'refund now', angry)?.rule.id, 65);
    assert.equal(firstMatchingRule(rules, 'refund now', { ...angry, user: { frustration_detected: false } }), null);
    assert.equal(firstMatchingRule(rules, 'money back now', angry), null);
  });

  it('treats a condition over a variable that is not set as no match', () => {
    assert.equal(firstMatchingRule(rules, 'refund please', {}), null);
  });

  it('skips disabled rules', () => {
    assert.equal(firstMatchingRule(rules, 'anything', {}), null);
    assert.equal(rules.length, 3);
  });
});
