// The training settings, chosen by measuring on BANKING77 (see docs/benchmarks.md). Small training
// sets get more epochs, so a network sees enough updates to learn from a few dozen examples.
import type { SvmOptions } from './one-vs-rest-svm.ts';
import type { NetworkOptions } from './train-network.ts';
import type { VectoriserOptions } from './vectoriser.ts';

export const defaultTargetPrecision = 0.97;
export const defaultFolds = 4;
export const defaultSeed = 1;

/** Small networks trained long beat large ones trained briefly, at the same cost. */
const networkDefaults = { hidden: 48, learningRate: 0.1, dropout: 0.3 };
/** About sixteen passes over a BANKING77 fold: accuracy kept rising well past five. */
const minimumUpdates = 120_000;
const epochRange = { min: 5, max: 200 };

/**
 * Six passes of a loose fit are as accurate as a tight one at less than half the time. A weakly
 * regularised SVM (C = 5) adds more to the networks than the C = 1 that is best on its own.
 */
export const linearOptions: SvmOptions = { c: 5, tolerance: 0.5, maxEpochs: 6, shrinkAbove: 0.2 };

export function vectoriserOptions(examples: number): VectoriserOptions {
  // On a few hundred messages a feature seen once is still evidence; on thousands, features seen
  // in fewer than three messages add a quarter to the model's size and nothing to its accuracy.
  return { minDocumentFrequency: examples >= 2000 ? 3 : 1, viewWeights: { words: 1, chars: 1 } };
}

export function networkOptions(trainingRows: number, seed: number): NetworkOptions {
  const epochs = Math.min(epochRange.max, Math.max(epochRange.min, Math.ceil(minimumUpdates / Math.max(trainingRows, 1))));
  return { ...networkDefaults, epochs, seed };
}
