import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate, TemplateSyntaxError } from '../../src/escalation/template.ts';

describe('templates', () => {
  it('keeps the $ before a placeholder as text, as seed 001 writes money', () => {
    const template = compileTemplate('High-value refund of ${{refund_amount}} requires manager approval');
    assert.deepEqual(template.variables, ['refund_amount']);
    assert.equal(template.render({ refund_amount: 1500 }), 'High-value refund of $1500 requires manager approval');
  });

  it('renders nested paths, numbers plainly and money as money', () => {
    const template = compileTemplate('{{ user.email }} asks for {{entities.amount}} on {{entities.order_id}} (x{{count}})');
    assert.deepEqual(template.variables, ['user.email', 'entities.amount', 'entities.order_id', 'count']);
    const text = template.render({ user: { email: 'a@example.com' }, entities: { amount: { amountCents: 250000, currency: 'USD' }, order_id: 'ORD-1001' }, count: 2.5 });
    assert.equal(text, 'a@example.com asks for $2,500.00 on ORD-1001 (x2.5)');
  });

  it('renders lists comma-separated and booleans as words', () => {
    assert.equal(compileTemplate('{{tags}} / {{flag}}').render({ tags: ['vip', 'refund'], flag: false }), 'vip, refund / false');
  });

  it('marks a variable that is missing or null instead of failing', () => {
    const template = compileTemplate('Refund of ${{refund_amount}} for {{user.name}}');
    assert.equal(template.render({ refund_amount: null, user: {} }), 'Refund of $[refund_amount not set] for [user.name not set]');
  });

  it('names each variable once and accepts text without placeholders', () => {
    assert.deepEqual(compileTemplate('{{a}} and {{a}}').variables, ['a']);
    assert.equal(compileTemplate('plain').render({}), 'plain');
  });

  it('rejects an unclosed placeholder or one that is not a variable path', () => {
    assert.throws(() => compileTemplate('Refund of {{refund_amount'), TemplateSyntaxError);
    assert.throws(() => compileTemplate('Refund of {{refund amount}}'), TemplateSyntaxError);
    assert.throws(() => compileTemplate('Refund of {{}}'), TemplateSyntaxError);
  });
});
