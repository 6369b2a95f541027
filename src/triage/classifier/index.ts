// The offline intent classifier: train from labelled messages, predict with a calibrated
// probability and an "unknown" threshold, save and load as JSON, evaluate on held-out data.
export { trainClassifier, type TrainOptions, type TrainingProgress } from './train-classifier.ts';
export { calibrateThreshold, type ThresholdCalibration } from './calibrate.ts';
export type { OperatingPoint } from './threshold.ts';
export { thinCurve } from './thin-curve.ts';
export { IntentClassifier } from './intent-classifier.ts';
export { unknownLabel, type Prediction, type RankedLabel } from './prediction.ts';
export type { ClassifierModelJson } from './model-json.ts';
export type { LabelledExample } from './labelled-example.ts';
export type { TrainingSummary, CrossValidationSummary } from './training-summary.ts';
export { readLabelledFile } from './labelled-file.ts';
export { evaluateClassifier, scoreClassifier, type Evaluation, type EvaluationOptions } from './evaluate.ts';
