// Measures a classifier on held-out messages the way an operator would judge it: top-label
// accuracy and macro-F1, and what happens at the cross-validated threshold (how many messages get
// an answer, how many answers are right). With an out-of-scope label, also how well it keeps to
// its scope. Test labels the training data never had are listed, and count as errors.
import type { IntentClassifier } from './intent-classifier.ts';
import type { LabelledExample } from './labelled-example.ts';
import { unknownLabel } from './prediction.ts';
import { trainClassifier, type TrainOptions } from './train-classifier.ts';
import type { CrossValidationSummary } from './training-summary.ts';

export interface EvaluationOptions extends TrainOptions {
  /** Test (and training) examples with this label are out of scope: the right answer is unknown. */
  oosLabel?: string;
}

export interface Evaluation {
  trainExamples: number;
  testExamples: number;
  labels: number;
  /** Share of test messages whose top label is right (an out-of-scope message's right label is the out-of-scope class). */
  accuracy: number;
  macroF1: number;
  /** With an out-of-scope label: in-scope messages answered with the right label at the threshold. */
  inScopeAccuracy: number | null;
  /** With an out-of-scope label: out-of-scope messages answered unknown. */
  oosRecall: number | null;
  threshold: number;
  /** Share of test messages answered with a label rather than unknown, at the threshold. */
  coverage: number;
  /** Share of those answers that are right. */
  precision: number;
  crossValidation: CrossValidationSummary;
  /** Labels in the test data that the training data does not have. */
  unknownLabels: string[];
}

export function evaluateClassifier(train: readonly LabelledExample[], test: readonly LabelledExample[], options: EvaluationOptions = {}): Evaluation {
  return scoreClassifier(trainClassifier(train, options), test, options.oosLabel);
}

interface Outcome {
  expected: string;
  top: string;
  answer: string;
  outOfScope: boolean;
}

export function scoreClassifier(classifier: IntentClassifier, test: readonly LabelledExample[], oosLabel?: string): Evaluation {
  const outcomes = test.map((example) => outcomeOf(classifier, example, oosLabel));
  const inScope = outcomes.filter((o) => !o.outOfScope);
  const outOfScope = outcomes.filter((o) => o.outOfScope);
  const answered = outcomes.filter((o) => o.answer !== unknownLabel);
  const known = new Set(classifier.labels);
  return {
    trainExamples: classifier.training.examples,
    testExamples: test.length,
    labels: classifier.labels.length,
    accuracy: share(outcomes, (o) => o.top === o.expected),
    macroF1: macroF1(outcomes),
    inScopeAccuracy: oosLabel === undefined ? null : share(inScope, (o) => o.answer === o.expected),
    oosRecall: oosLabel === undefined ? null : share(outOfScope, (o) => o.answer === unknownLabel),
    threshold: classifier.threshold,
    coverage: answered.length / Math.max(outcomes.length, 1),
    precision: answered.length === 0 ? 1 : share(answered, (o) => o.answer === o.expected),
    crossValidation: classifier.training.crossValidation,
    unknownLabels: [...new Set(test.map((e) => e.label).filter((label) => label !== oosLabel && !known.has(label)))].sort(),
  };
}

function outcomeOf(classifier: IntentClassifier, example: LabelledExample, oosLabel: string | undefined): Outcome {
  const prediction = classifier.predict(example.text);
  const outOfScope = example.label === oosLabel;
  const top = prediction.best === classifier.outOfScopeLabel ? unknownLabel : prediction.best;
  return { expected: outOfScope ? unknownLabel : example.label, top, answer: prediction.label, outOfScope };
}

/** The unweighted mean of per-label F1 over every label that is expected or predicted. */
function macroF1(outcomes: readonly Outcome[]): number {
  const labels = new Set(outcomes.flatMap((o) => [o.expected, o.top]));
  let total = 0;
  for (const label of labels) {
    const truePositives = outcomes.filter((o) => o.top === label && o.expected === label).length;
    const predicted = outcomes.filter((o) => o.top === label).length;
    const actual = outcomes.filter((o) => o.expected === label).length;
    total += predicted + actual === 0 ? 0 : (2 * truePositives) / (predicted + actual);
  }
  return labels.size === 0 ? 0 : total / labels.size;
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}
