// `switchboard classifier train | eval | calibrate`: trains the offline intent classifier from a
// labelled file, measures it on held-out data, and picks its threshold for a target precision.
// Needs no database; progress goes to stderr, results to stdout.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SwitchboardError } from '../../domain/errors.ts';
import { evaluateClassifier, readLabelledFile, trainClassifier, type Evaluation, type IntentClassifier } from '../../triage/classifier/index.ts';
import { inert, printJson, printLines } from '../output.ts';
import { jsonOption } from '../shared-options.ts';
import { calibrateCommand } from './classifier-calibrate.ts';
import { parseTargetPrecision, progressReporter, share } from './classifier-common.ts';

interface TrainOptions {
  data: string;
  out: string;
  oosLabel?: string;
  targetPrecision?: string;
}

interface EvalOptions {
  train: string;
  test: string;
  oosLabel?: string;
  targetPrecision?: string;
  json?: boolean;
}

const defaultModelPath = 'intent-classifier.json';

export function classifierCommand(program: Command): void {
  const classifier = program.command('classifier').description('Train and evaluate the offline intent classifier');
  classifier
    .command('train')
    .description('Train a classifier from a labelled file and save it as JSON')
    .requiredOption('--data <file>', 'labelled examples: .csv with text,label (or text,category) columns, or .jsonl')
    .option('--out <file>', 'where to write the model', defaultModelPath)
    .option('--oos-label <label>', 'the label of out-of-scope examples: learnt, and answered as unknown')
    .option('--target-precision <share>', 'precision the answered messages must reach out of fold (default 0.97)')
    .action(train);
  classifier
    .command('eval')
    .description('Train on one labelled file and measure on another')
    .requiredOption('--train <file>', 'labelled training examples (.csv or .jsonl)')
    .requiredOption('--test <file>', 'labelled test examples (.csv or .jsonl)')
    .option('--oos-label <label>', 'the label of out-of-scope examples; the right answer for them is unknown')
    .option('--target-precision <share>', 'precision the answered messages must reach out of fold (default 0.97)')
    .addOption(jsonOption())
    .action(evaluate);
  calibrateCommand(classifier);
}

function train(options: TrainOptions): void {
  const targetPrecision = parseTargetPrecision(options.targetPrecision);
  const examples = readLabelledFile(options.data);
  const classifier = trainClassifier(examples, { targetPrecision, oosLabel: options.oosLabel, onProgress: progressReporter() });
  const path = resolve(options.out);
  const bytes = writeModel(path, classifier);
  printLines(trainedLines(classifier, path, bytes));
}

function evaluate(options: EvalOptions): void {
  const targetPrecision = parseTargetPrecision(options.targetPrecision);
  const train = readLabelledFile(options.train);
  const test = readLabelledFile(options.test);
  const evaluation = evaluateClassifier(train, test, { targetPrecision, oosLabel: options.oosLabel, onProgress: progressReporter() });
  if (options.json) printJson(evaluation);
  else printLines(evaluationLines(evaluation));
}

function writeModel(path: string, classifier: IntentClassifier): number {
  const text = JSON.stringify(classifier);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new SwitchboardError('invalid_request', `Cannot write the model to ${path}: ${(error as Error).message}`);
  }
  return Buffer.byteLength(text);
}

function trainedLines(classifier: IntentClassifier, path: string, bytes: number): string[] {
  const { training, threshold } = classifier;
  const cv = training.crossValidation;
  return [
    `Labels (${classifier.labels.length}): ${classifier.labels.map(inert).join(', ')}`,
    `Examples: ${training.examples}${classifier.outOfScopeLabel === null ? '' : ` (out of scope: "${inert(classifier.outOfScopeLabel)}")`}`,
    `Threshold: ${threshold.toFixed(3)} (lowest confidence reaching ${share(training.targetPrecision)} precision in ${training.folds}-fold cross-validation)`,
    `At that threshold, out of fold: coverage ${share(cv.coverage)}, precision ${share(cv.precision)} (accuracy ${share(cv.accuracy)})`,
    `Model: ${path} (${megabytes(bytes)})`,
  ];
}

function evaluationLines(evaluation: Evaluation): string[] {
  const rows: [string, string][] = [
    ['accuracy', share(evaluation.accuracy)],
    ['macro-F1', share(evaluation.macroF1)],
    ...(evaluation.inScopeAccuracy === null ? [] : [['in-scope accuracy', share(evaluation.inScopeAccuracy)] as [string, string]]),
    ...(evaluation.oosRecall === null ? [] : [['OOS recall', share(evaluation.oosRecall)] as [string, string]]),
    ['threshold', `${evaluation.threshold.toFixed(3)} (cross-validated on the training data)`],
    ['coverage', `${share(evaluation.coverage)} of test messages answered (training CV: ${share(evaluation.crossValidation.coverage)})`],
    ['precision', `${share(evaluation.precision)} of answers right (training CV: ${share(evaluation.crossValidation.precision)})`],
    ['examples', `${evaluation.trainExamples} train, ${evaluation.testExamples} test, ${evaluation.labels} labels`],
    ['unknown labels', evaluation.unknownLabels.length === 0 ? 'none' : `${evaluation.unknownLabels.map(inert).join(', ')} (in the test file only; counted as errors)`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
