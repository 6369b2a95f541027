// Trains an intent classifier from labelled messages: TF-IDF features, then per cross-validation
// fold a small neural network and a linear SVM (in parallel on worker threads). The fold models'
// out-of-fold scores calibrate the probabilities and choose the threshold; the fold models
// together are the final model, so nothing is fitted on data it is then judged on.
import { SwitchboardError } from '../../domain/errors.ts';
import { fitSourceWeights } from './calibration.ts';
import { stratifiedFolds } from './cross-validation.ts';
import { defaultFolds, defaultSeed, defaultTargetPrecision, linearOptions, networkOptions, vectoriserOptions } from './hyperparameters.ts';
import { IntentClassifier } from './intent-classifier.ts';
import type { LabelledExample } from './labelled-example.ts';
import { averageModels, type LinearModel } from './linear-model.ts';
import type { NeuralNetwork } from './neural-network.ts';
import { packEnsemble } from './packed-ensemble.ts';
import { outOfFoldPredictions, outOfFoldScores } from './out-of-fold.ts';
import { toSparseMatrix, type SparseMatrix } from './sparse-vector.ts';
import { tokensOf } from './text-features.ts';
import { thinCurve } from './thin-curve.ts';
import { bestOperatingPoint, coverageCurve, operatingPoint, type OperatingPoint } from './threshold.ts';
import type { TaskResult, TrainingTask } from './training-task.ts';
import { savedCurvePoints, type CrossValidationSummary } from './training-summary.ts';
import { fitVectoriser } from './fit-vectoriser.ts';
import type { Vectoriser } from './vectoriser.ts';
import { defaultThreadCount, runTasks, type PoolProgress } from './worker-pool.ts';

export interface TrainingProgress {
  phase: 'features' | 'training' | 'calibration';
  done: number;
  total: number;
}

export interface TrainOptions {
  /** Precision the answered (non-unknown) predictions must reach out of fold; 0.97 unless given. */
  targetPrecision?: number;
  folds?: number;
  onProgress?: (progress: TrainingProgress) => void;
  seed?: number;
  /** Examples with this label are out of scope: the model learns them, and answers them as unknown. */
  oosLabel?: string;
  /** Worker threads to train on; 1 trains in the calling thread. By default every core, for data large enough to be worth starting them. */
  threads?: number;
}

/** Below this, starting worker threads costs more than they save. */
const minimumExamplesForThreads = 200;

interface Settings {
  targetPrecision: number;
  folds: number;
  seed: number;
  threads: number;
  progress: (progress: TrainingProgress) => void;
}

export interface TrainingResult {
  classifier: IntentClassifier;
  /** Coverage and precision out of fold at every candidate threshold, highest first. */
  curve: OperatingPoint[];
  /** The point the threshold was chosen at; null when no threshold reaches the target precision. */
  reached: OperatingPoint | null;
}

export function trainClassifier(examples: readonly LabelledExample[], options: TrainOptions = {}): IntentClassifier {
  return trainWithCurve(examples, options).classifier;
}

/** Trains, and keeps the whole out-of-fold curve the threshold was chosen from. */
export function trainWithCurve(examples: readonly LabelledExample[], options: TrainOptions = {}): TrainingResult {
  const settings = settingsFrom(options, examples);
  const classes = classesOf(examples, options.oosLabel);
  const targets = Int32Array.from(examples, (e) => classes.indexOf(e.label));
  const { vectoriser, matrix } = vectorise(examples, settings.progress);
  const folds = stratifiedFolds(targets, settings.folds, settings.seed);
  const results = trainFolds(matrix, targets, classes.length, folds, settings);
  const outOfScopeLabel = options.oosLabel !== undefined && classes.includes(options.oosLabel) ? options.oosLabel : null;
  const calibration = calibrate(targets, folds, classes, outOfScopeLabel, results, settings);
  const { networks, linears } = foldModels(results);
  const classifier = new IntentClassifier({
    classes,
    outOfScopeLabel,
    threshold: calibration.chosen.threshold,
    model: packEnsemble({ vectoriser, networks, linear: averageModels(linears), sourceWeights: calibration.sourceWeights }),
    training: {
      examples: examples.length,
      folds: settings.folds,
      seed: settings.seed,
      targetPrecision: settings.targetPrecision,
      crossValidation: calibration.crossValidation,
      curve: thinCurve(calibration.curve, savedCurvePoints, calibration.chosen),
    },
  });
  return { classifier, curve: calibration.curve, reached: calibration.reached };
}

interface Calibration {
  sourceWeights: number[];
  curve: OperatingPoint[];
  reached: OperatingPoint | null;
  /** The reached point, or threshold 1 when none: the classifier answers only when it is certain. */
  chosen: OperatingPoint;
  crossValidation: CrossValidationSummary;
}

/** Fits the probability calibration and the threshold on out-of-fold scores alone. */
function calibrate(targets: Int32Array, folds: Int32Array, classes: readonly string[], outOfScopeLabel: string | null, results: readonly TaskResult[], settings: Settings): Calibration {
  settings.progress({ phase: 'calibration', done: 0, total: 1 });
  const scored = outOfFoldScores(targets, folds, settings.folds, classes.length, results);
  const sourceWeights = fitSourceWeights(scored);
  const predictions = outOfFoldPredictions(scored, sourceWeights, outOfScopeLabel === null ? -1 : classes.indexOf(outOfScopeLabel));
  const curve = coverageCurve(predictions);
  const reached = bestOperatingPoint(curve, settings.targetPrecision);
  const chosen = reached ?? operatingPoint(predictions, 1);
  settings.progress({ phase: 'calibration', done: 1, total: 1 });
  const accuracy = predictions.filter((p) => p.correct).length / predictions.length;
  return { sourceWeights, curve, reached, chosen, crossValidation: { accuracy, coverage: chosen.coverage, precision: chosen.precision } };
}

function settingsFrom(options: TrainOptions, examples: readonly LabelledExample[]): Settings {
  checkExamples(examples);
  const targetPrecision = options.targetPrecision ?? defaultTargetPrecision;
  if (!(targetPrecision > 0 && targetPrecision <= 1)) throw invalid(`target precision must be above 0 and at most 1 (got ${targetPrecision})`);
  const folds = options.folds ?? defaultFolds;
  if (!Number.isInteger(folds) || folds < 2) throw invalid(`folds must be a whole number of at least 2 (got ${folds})`);
  if (examples.length < folds) throw invalid(`${folds}-fold cross-validation needs at least ${folds} examples (got ${examples.length})`);
  const progress = options.onProgress ?? (() => undefined);
  return { targetPrecision, folds, seed: options.seed ?? defaultSeed, threads: threadsFor(options.threads, examples.length), progress };
}

function threadsFor(requested: number | undefined, exampleCount: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return exampleCount >= minimumExamplesForThreads ? defaultThreadCount() : 1;
}

function checkExamples(examples: readonly LabelledExample[]): void {
  examples.forEach((example, index) => {
    if (typeof example.text !== 'string') throw invalid(`example ${index + 1} has no text`);
    if (typeof example.label !== 'string' || example.label.trim() === '') throw invalid(`example ${index + 1} has no label`);
  });
}

function classesOf(examples: readonly LabelledExample[], outOfScopeLabel: string | undefined): string[] {
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const inScope = classes.filter((c) => c !== outOfScopeLabel);
  if (inScope.length < 2) throw invalid(`training needs at least two intents (found ${inScope.length === 0 ? 'none' : `only "${inScope[0]}"`})`);
  return classes;
}

function vectorise(examples: readonly LabelledExample[], progress: Settings['progress']): { vectoriser: Vectoriser; matrix: SparseMatrix } {
  progress({ phase: 'features', done: 0, total: examples.length });
  const documents = examples.map((e) => tokensOf(e.text));
  const vectoriser = fitVectoriser(documents, vectoriserOptions(examples.length));
  const matrix = toSparseMatrix(
    documents.map((tokens) => vectoriser.vectoriseTokens(tokens)),
    vectoriser.dimension,
  );
  progress({ phase: 'features', done: examples.length, total: examples.length });
  return { vectoriser, matrix };
}

function trainFolds(matrix: SparseMatrix, targets: Int32Array, classCount: number, folds: Int32Array, settings: Settings): TaskResult[] {
  const tasks = foldTasks(targets.length, settings);
  return runTasks({ matrix, targets, classCount, folds }, tasks, settings.threads, taskProgress(tasks.length, settings.progress));
}

/** Per fold, a network and a linear model, each with a seed of its own derived from the training seed. */
function foldTasks(exampleCount: number, settings: Settings): TrainingTask[] {
  const foldRows = Math.round((exampleCount * (settings.folds - 1)) / settings.folds);
  const seed = (model: number, fold: number) => settings.seed * 1000 + model * 100 + fold;
  return Array.from({ length: settings.folds }, (_, fold): TrainingTask[] => [
    { kind: 'network', fold, options: networkOptions(foldRows, seed(1, fold)) },
    { kind: 'linear', fold, options: linearOptions, seed: seed(2, fold) },
  ]).flat();
}

/** Reports the tasks' combined progress as hundredths of a task. */
function taskProgress(taskCount: number, progress: Settings['progress']): PoolProgress {
  const fractions = new Float64Array(taskCount);
  return (task, fraction) => {
    fractions[task] = fraction;
    progress({ phase: 'training', done: Math.round(fractions.reduce((a, b) => a + b, 0) * 100), total: taskCount * 100 });
  };
}

function foldModels(results: readonly TaskResult[]): { networks: NeuralNetwork[]; linears: LinearModel[] } {
  const networks: NeuralNetwork[] = [];
  const linears: LinearModel[] = [];
  for (const result of results) {
    if (result.kind === 'network') networks.push(result.network);
    else linears.push(result.model);
  }
  return { networks, linears };
}

function invalid(message: string): SwitchboardError {
  return new SwitchboardError('invalid_request', `Cannot train the classifier: ${message}.`);
}
