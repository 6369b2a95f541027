// The model as a replay sees it: the recorded answer when the prompt hashes the same as the one that
// was asked, the live model when the operator allows it, and otherwise no answer (the ticket is then
// reported as needing the model, and the classifier's decision stands, as it does when a model fails).
import { SwitchboardError } from '../domain/errors.ts';
import type { ModelObject, ObjectRequest } from '../llm/model-client.ts';
import { promptHash } from '../llm/prompt-hash.ts';
import type { TriageModel } from '../triage/triage.ts';

export interface RecordedAnswer {
  inputHash: string;
  modelId: string;
  answer: { label: string; confidence: number; reasoning_summary: string };
}

/** The model's triage answer in a triage step's payload; null when the model did not answer there. */
export function recordedAnswer(payload: Readonly<Record<string, unknown>>): RecordedAnswer | null {
  const { source, model_input_hash: inputHash, model, intent, confidence, reasoning_summary: reasoning } = payload;
  if (source !== 'llm' || typeof inputHash !== 'string' || typeof intent !== 'string' || typeof confidence !== 'number' || typeof reasoning !== 'string') return null;
  return { inputHash, modelId: typeof model === 'string' ? model : 'recorded', answer: { label: intent, confidence, reasoning_summary: reasoning } };
}

export class ReplayModel implements TriageModel {
  readonly modelId: string;
  readonly #recorded: RecordedAnswer | null;
  readonly #live: TriageModel | null;
  #needed = false;

  constructor(recorded: RecordedAnswer | null, live: TriageModel | null) {
    this.#recorded = recorded;
    this.#live = live;
    this.modelId = live?.modelId ?? recorded?.modelId ?? 'recorded';
  }

  /** The replay wanted an answer that was neither recorded for this prompt nor asked live. */
  get needed(): boolean {
    return this.#needed;
  }

  async object<T>(request: ObjectRequest<T>): Promise<ModelObject<T>> {
    const recorded = this.#recorded;
    if (recorded && recorded.inputHash === promptHash(request)) {
      return { object: request.schema.parse(recorded.answer), usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, modelId: recorded.modelId };
    }
    if (this.#live) return this.#live.object(request);
    this.#needed = true;
    throw new SwitchboardError('model_unavailable', 'Shadow mode: the model was not asked (its prompt changed or it was not asked before); pass --live-model to ask it.');
  }
}
