// The classifier's calibration as the dashboard shows it: the coverage / precision curve measured
// out of fold when the model was trained, and the threshold in force on it. Read from the trained
// model, so showing it never retrains anything.
import { SwitchboardError } from '../domain/errors.ts';
import type { OperatingPoint } from '../triage/classifier/index.ts';
import type { IntentPredictor } from '../triage/triage.ts';

export interface ClassifierCalibrationView {
  /** The threshold triage applies: chosen by cross-validation, or `classifier.threshold` from the configuration. */
  threshold: number;
  thresholdSource: 'cross_validation' | 'configuration';
  targetPrecision: number;
  /** Out of fold at the threshold, read off the curve; null when the curve has no point at or above it. */
  coverage: number | null;
  precision: number | null;
  examples: number;
  folds: number;
  /** Highest threshold first; coverage grows along the curve. */
  points: OperatingPoint[];
}

export function classifierCalibration(classifier: IntentPredictor, configuredThreshold: number | undefined): ClassifierCalibrationView {
  const training = classifier.training;
  if (training?.curve === undefined) throw noCurve();
  const at = training.curve.findLast((point) => point.threshold >= classifier.threshold) ?? null;
  return {
    threshold: classifier.threshold,
    thresholdSource: configuredThreshold === undefined ? 'cross_validation' : 'configuration',
    targetPrecision: training.targetPrecision,
    coverage: at?.coverage ?? null,
    precision: at?.precision ?? null,
    examples: training.examples,
    folds: training.folds,
    points: training.curve,
  };
}

function noCurve(): SwitchboardError {
  return new SwitchboardError('not_found', 'The classifier has no calibration curve: its model was saved before Switchboard kept one, or it is not a trained model. Retrain it (switchboard classifier train) to see the curve.');
}
