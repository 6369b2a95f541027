// The model in a replay: a recorded triage answer is reused only when the prompt is the one it
// answered; any other prompt is reported as needing the model and the classifier's answer stands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IntentConfig } from '../../src/config/config-schema.ts';
import type { ModelObject, ObjectRequest } from '../../src/llm/model-client.ts';
import { recordedAnswer, ReplayModel } from '../../src/replay/replay-model.ts';
import { readMessage } from '../../src/triage/session-variables.ts';
import { triageMessage, type IntentPredictor, type TriageDeps, type TriageModel } from '../../src/triage/triage.ts';

const intents: Record<string, IntentConfig> = {
  refund: { category: 'refund', priority: 'high', route: 'refund', examples: [] },
  billing: { category: 'billing', priority: 'medium', route: 'ticket', examples: [] },
};

/** Never sure: every message goes on to the model. */
const unsure: IntentPredictor = { threshold: 0.9, predict: () => ({ label: 'unknown', probability: 0.2, best: 'billing', ranked: [{ label: 'billing', probability: 0.2 }] }) };

/** A live model that answers "refund" and counts its calls. */
function liveModel(): TriageModel & { calls: number } {
  return {
    modelId: 'test/model',
    calls: 0,
    async object<T>(request: ObjectRequest<T>): Promise<ModelObject<T>> {
      this.calls += 1;
      return { object: request.schema.parse({ label: 'refund', confidence: 0.8, reasoning_summary: 'Asks for money back.' }), usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 }, modelId: 'test/model-2026' };
    },
  };
}

const deps = (model: TriageModel | null, withIntents = intents): TriageDeps => ({ rules: [], classifier: unsure, intents: withIntents, model, modelBelow: 0.5 });
const session = readMessage('I would like my money back', [], null, { now: new Date('2026-10-05T09:00:00Z') });

/** The triage step's payload fields a replay reads the recorded answer from. */
async function recordedRun() {
  const decision = await triageMessage(deps(liveModel()), session);
  return { source: decision.source, model_input_hash: decision.model_input_hash, model: decision.model_id, intent: decision.intent, confidence: decision.confidence, reasoning_summary: decision.reasoning_summary };
}

describe('the model in a replay', () => {
  it('reuses the recorded answer for the same prompt without asking the model', async () => {
    const live = liveModel();
    const model = new ReplayModel(recordedAnswer(await recordedRun()), live);
    const decision = await triageMessage(deps(model), session);
    assert.deepEqual([decision.source, decision.intent, decision.category, model.needed, live.calls], ['llm', 'refund', 'refund', false, 0]);
  });

  it('reports the model as needed when the prompt changed, and keeps the classifier answer', async () => {
    const changed = { ...intents, billing: { ...intents['billing']!, description: 'invoices and charges' } };
    const model = new ReplayModel(recordedAnswer(await recordedRun()), null);
    const decision = await triageMessage(deps(model, changed), session);
    assert.deepEqual([decision.source, decision.intent, model.needed], ['classifier', 'unknown', true]);
  });

  it('asks the live model for a changed prompt when allowed', async () => {
    const changed = { ...intents, billing: { ...intents['billing']!, description: 'invoices and charges' } };
    const live = liveModel();
    const model = new ReplayModel(recordedAnswer(await recordedRun()), live);
    const decision = await triageMessage(deps(model, changed), session);
    assert.deepEqual([decision.source, decision.intent, model.needed, live.calls], ['llm', 'refund', false, 1]);
  });

  it('finds no recorded answer in a step the model did not decide', () => {
    assert.equal(recordedAnswer({ source: 'classifier', intent: 'refund', confidence: 0.9, reasoning_summary: 'x' }), null);
  });
});
