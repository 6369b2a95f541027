// What a model remembers about how it was trained: enough to judge it without the training data.
import type { OperatingPoint } from './threshold.ts';

export interface CrossValidationSummary {
  /** Top-label accuracy of out-of-fold predictions on the training data. */
  accuracy: number;
  /** Share of training messages answered (not unknown) at the chosen threshold, out of fold. */
  coverage: number;
  /** Share of those answers that were right. */
  precision: number;
}

export interface TrainingSummary {
  examples: number;
  folds: number;
  seed: number;
  targetPrecision: number;
  crossValidation: CrossValidationSummary;
  /**
   * Coverage and precision out of fold, highest threshold first: at most `savedCurvePoints` thresholds
   * spread along the curve, plus the chosen one. Absent in models saved before Switchboard kept it.
   */
  curve?: OperatingPoint[];
}

/** Enough for a chart. */
export const savedCurvePoints = 200;
