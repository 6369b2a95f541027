// Picks the confidence threshold for a target precision from held-out data: k-fold cross-validation
// over labelled messages, then the coverage / precision curve of the out-of-fold predictions.
import type { LabelledExample } from './labelled-example.ts';
import type { OperatingPoint } from './threshold.ts';
import { trainWithCurve, type TrainOptions } from './train-classifier.ts';

export interface ThresholdCalibration {
  targetPrecision: number;
  examples: number;
  folds: number;
  /** The threshold to configure; null when no threshold reaches the target precision. */
  threshold: number | null;
  /** Out of fold, at that threshold (null with it). */
  coverage: number | null;
  precision: number | null;
  /** Every candidate threshold, highest first: coverage grows along it. */
  points: OperatingPoint[];
}

export function calibrateThreshold(examples: readonly LabelledExample[], options: TrainOptions = {}): ThresholdCalibration {
  const { classifier, curve, reached } = trainWithCurve(examples, options);
  const { targetPrecision, folds } = classifier.training;
  const next = reached === null ? undefined : curve[curve.indexOf(reached) + 1];
  return {
    targetPrecision,
    examples: examples.length,
    folds,
    threshold: reached === null ? null : shortestThreshold(reached.threshold, next?.threshold ?? 0),
    coverage: reached?.coverage ?? null,
    precision: reached?.precision ?? null,
    points: curve,
  };
}

/**
 * The shortest decimal in (below, threshold]: it answers exactly the messages `threshold` does, and
 * reads well in a configuration file (0.78 rather than 0.7812345).
 */
export function shortestThreshold(threshold: number, below: number): number {
  for (let digits = 2; digits < 17; digits++) {
    const scale = 10 ** digits;
    const candidate = Math.floor(threshold * scale) / scale;
    if (candidate > below && candidate <= threshold) return candidate;
  }
  return threshold;
}
