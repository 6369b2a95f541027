// A trained intent classifier: predicts a support intent for a message with a calibrated
// probability, answers "unknown" below the cross-validated threshold, and saves to JSON.
import { packedScorer, type EnsembleScorer } from './packed-scorer.ts';
import { fromModelJson, toModelJson, type ClassifierModelJson, type ClassifierState } from './model-json.ts';
import { toPrediction, type LabelSpace, type Prediction } from './prediction.ts';
import type { TrainingSummary } from './training-summary.ts';

export class IntentClassifier {
  /** The intents it can answer with (the out-of-scope class, if trained with one, is not among them). */
  readonly labels: string[];
  /** Probabilities below this are answered as unknown. */
  readonly threshold: number;
  readonly training: TrainingSummary;
  readonly #state: ClassifierState;
  readonly #space: LabelSpace;
  readonly #scorer: EnsembleScorer;

  constructor(state: ClassifierState) {
    this.#state = state;
    this.labels = state.classes.filter((c) => c !== state.outOfScopeLabel);
    this.threshold = state.threshold;
    this.training = state.training;
    this.#space = { classes: state.classes, outOfScope: state.outOfScopeLabel === null ? -1 : state.classes.indexOf(state.outOfScopeLabel), threshold: state.threshold };
    this.#scorer = packedScorer(state.model);
  }

  /** The label trained as "out of scope", whose predictions are answered as unknown. */
  get outOfScopeLabel(): string | null {
    return this.#state.outOfScopeLabel;
  }

  predict(text: string): Prediction {
    return toPrediction(this.#space, this.#scorer.probabilities(text));
  }

  toJSON(): ClassifierModelJson {
    return toModelJson(this.#state);
  }

  /** Throws a SwitchboardError naming the broken field when `json` is not a valid model. */
  static fromJSON(json: unknown): IntentClassifier {
    return new IntentClassifier(fromModelJson(json));
  }
}
