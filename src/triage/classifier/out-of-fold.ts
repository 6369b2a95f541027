// Gathers the scores every training message got from the fold models that never saw it. These
// out-of-fold scores are the only evidence calibration and the threshold are fitted on.
import { combineSources, type ScoredExample } from './calibration.ts';
import { rowsWhere } from './cross-validation.ts';
import { softmaxInPlace } from './softmax.ts';
import type { ConfidentPrediction } from './threshold.ts';
import type { TaskResult } from './training-task.ts';

/** Per message: [mean score of its fold's networks, its fold's linear score]. */
export function outOfFoldScores(targets: Int32Array, folds: Int32Array, foldCount: number, classCount: number, results: readonly TaskResult[]): ScoredExample[] {
  const examples = new Array<ScoredExample>(targets.length);
  for (let fold = 0; fold < foldCount; fold++) {
    const ofFold = results.filter((r) => r.fold === fold);
    const network = meanOf(ofFold.filter((r) => r.kind === 'network').map((r) => r.heldOutScores));
    const linear = meanOf(ofFold.filter((r) => r.kind === 'linear').map((r) => r.heldOutScores));
    rowsWhere(folds, (f) => f === fold).forEach((row, i) => {
      const slice = (scores: Float64Array) => scores.slice(i * classCount, (i + 1) * classCount);
      examples[row] = { sources: [slice(network), slice(linear)], target: targets[row] as number };
    });
  }
  return examples;
}

/** What the calibrated model would have answered for each held-out message. */
export function outOfFoldPredictions(examples: readonly ScoredExample[], weights: readonly number[], outOfScopeClass: number): ConfidentPrediction[] {
  const probabilities = new Float64Array(examples[0]?.sources[0]?.length ?? 0);
  return examples.map(({ sources, target }) => {
    softmaxInPlace(combineSources(sources, weights, probabilities));
    const best = argmax(probabilities);
    return { probability: probabilities[best] as number, answers: best !== outOfScopeClass, correct: best === target };
  });
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] as number) > (values[best] as number)) best = k;
  return best;
}

function meanOf(arrays: readonly Float64Array[]): Float64Array {
  const mean = new Float64Array(arrays[0]?.length ?? 0);
  for (const array of arrays) for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) + (array[i] as number) / arrays.length;
  return mean;
}
