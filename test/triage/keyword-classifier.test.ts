import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyByKeywords } from '../../src/triage/keyword-classifier.ts';
import { extractEmail, extractMoney, extractOrderId } from '../../src/triage/entities.ts';

describe('keyword classifier', () => {
  const cases: [string, string][] = [
    ['I want a refund of $42.50', 'refund'],
    ['I was charged twice, give me my money back', 'refund'],
    ['The app crashes when I open settings', 'issue'],
    ['My parcel never arrived', 'issue'],
    ['What is your return policy?', 'faq'],
    ['How long does shipping take?', 'faq'],
    ['banana', 'unknown'],
  ];
  for (const [text, intent] of cases) {
    it(`routes "${text}" as ${intent}`, () => assert.equal(classifyByKeywords(text).intent, intent));
  }

  it('is less confident when intents compete', () => {
    const clear = classifyByKeywords('refund my order please, I want a refund');
    const mixed = classifyByKeywords('refund? the app crashes');
    assert.ok(clear.confidence > mixed.confidence);
  });
});

describe('entity extraction', () => {
  it('reads money with symbols, codes and thousands separators', () => {
    assert.deepEqual(extractMoney('refund $42.50'), { amountCents: 4250, currency: 'USD' });
    assert.deepEqual(extractMoney('about €1,200 please'), { amountCents: 120000, currency: 'EUR' });
    assert.deepEqual(extractMoney('it was 19.9 USD'), { amountCents: 1990, currency: 'USD' });
    assert.equal(extractMoney('no amount here'), null);
  });
  it('reads order ids and email addresses', () => {
    assert.equal(extractOrderId('for order #1002'), 'ORD-1002');
    assert.equal(extractOrderId('ORD-1001 arrived broken'), 'ORD-1001');
    assert.equal(extractEmail('I am Sara@Example.com'), 'sara@example.com');
  });
});
