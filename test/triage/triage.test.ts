// Layered triage with a stand-in classifier: rules first, then the classifier, then the model when unsure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoConfigPath, loadConfigFile } from '../../src/config/load-config.ts';
import type { ModelClient } from '../../src/llm/model-client.ts';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { readMessage } from '../../src/triage/session-variables.ts';
import { compileSupportRules } from '../../src/triage/support-rules.ts';
import { triageMessage, type IntentPredictor, type TriageDeps } from '../../src/triage/triage.ts';

const config = loadConfigFile(demoConfigPath);
const now = new Date('2026-11-21T12:00:00Z');

function predictor(label: string, probability: number, threshold = 0.6): IntentPredictor {
  return { threshold, predict: () => ({ label: probability >= threshold ? label : 'unknown', probability, best: label, ranked: [{ label, probability }, { label: 'billing', probability: 1 - probability }] }) };
}

function deps(classifier: IntentPredictor, model: ModelClient | null = null): TriageDeps {
  return { rules: compileSupportRules(config.file.support_rules), classifier, intents: config.file.intents, model, modelBelow: 0.75 };
}

function modelAnswering(answer: () => { label: string; confidence: number; reasoning_summary: string }): ModelClient & { calls: number } {
  const client = {
    modelId: 'compatible/test',
    calls: 0,
    next: () => Promise.reject(new Error('not used')),
    object: <T>() => {
      client.calls += 1;
      return Promise.resolve({ object: answer() as T, usage: { inputTokens: 50, outputTokens: 10, costUsd: 0.0001 }, modelId: 'compatible/test' });
    },
  };
  return client;
}

const session = (text: string) => readMessage(text, [], null, { now });

describe('layered triage', () => {
  it('decides by the first matching support rule, with seed 000 fields', async () => {
    const decision = await triageMessage(deps(predictor('refund', 0.9)), session('I did not receive my file, resend the download link'));
    assert.equal(decision.source, 'support_rule');
    assert.equal(decision.matched_rule_id, 63);
    assert.equal(decision.matched_rule_name, 'Download link resend requests');
    assert.equal(decision.category, 'delivery');
    assert.equal(decision.priority, 'high');
    assert.equal(decision.confidence, 0.9);
    assert.deepEqual(decision.tags.slice(0, 2), ['delivery', 'Download link resend requests']);
  });

  it('lets a rule condition read the classifier and the signals', async () => {
    const angry = session('This is the THIRD time I ask!!! Refund my money NOW, this is ridiculous and useless');
    assert.ok(angry.user.frustration_detected, 'the message reads as frustrated');
    const decision = await triageMessage(deps(predictor('refund', 0.95)), angry);
    assert.equal(decision.matched_rule_name, 'Angry customers asking for money back');
    assert.equal(decision.priority, 'critical');
  });

  it("falls to the classifier's label, category and route", async () => {
    const decision = await triageMessage(deps(predictor('order_status', 0.93)), session('where is my parcel'));
    assert.equal(decision.source, 'classifier');
    assert.equal(decision.intent, 'order_status');
    assert.equal(decision.route, 'order_status');
    assert.equal(decision.matched_rule_id, null);
  });

  it('says unknown below the threshold and asks to clarify when no model is set', async () => {
    const decision = await triageMessage(deps(predictor('billing', 0.3)), session('hmm'));
    assert.equal(decision.intent, 'unknown');
    assert.equal(decision.route, 'clarify');
    assert.match(decision.reasoning_summary, /best guess billing/);
  });

  it('asks the model only when the classifier is unsure, and records its usage', async () => {
    const model = modelAnswering(() => ({ label: 'billing', confidence: 0.8, reasoning_summary: 'asks about an invoice' }));
    const sure = await triageMessage(deps(predictor('refund', 0.9), model), session('refund please'));
    assert.equal(sure.source, 'classifier');
    assert.equal(model.calls, 0);
    const unsure = await triageMessage(deps(predictor('refund', 0.5), model), session('about that paper thing you sent'));
    assert.equal(model.calls, 1);
    assert.equal(unsure.source, 'llm');
    assert.equal(unsure.intent, 'billing');
    assert.equal(unsure.route, 'ticket');
    assert.equal(unsure.usage?.inputTokens, 50);
  });

  it("keeps the classifier's answer when the model fails, and says so", async () => {
    const model = modelAnswering(() => {
      throw new SwitchboardError('model_unavailable', 'HTTP 503 after 3 attempts');
    });
    const decision = await triageMessage(deps(predictor('refund', 0.5), model), session('something vague'));
    assert.equal(decision.source, 'classifier');
    assert.match(decision.model_error ?? '', /503/);
  });
});

describe('session variables', () => {
  it('carries entities from earlier messages and reads the signals of the current one', () => {
    const first = readMessage('My order ORD-1002 never came', [], null, { now });
    const second = readMessage('I want a real person, refund $129.99 please', ['My order ORD-1002 never came'], first, { now });
    assert.equal(second.entities.order_id, 'ORD-1002');
    assert.deepEqual(second.entities.amount, { amountCents: 12999, currency: 'USD' });
    assert.equal(second.refund_amount, 129.99);
    assert.equal(second.user.requests_human, true);
    assert.equal(second.messages_count, 2);
  });
});
