// `switchboard classifier calibrate`: picks the confidence threshold for a target precision by
// cross-validation over the team's labelled messages (the configuration's examples, a --data file or
// both) and shows the coverage / precision curve it was picked from. Needs no database.
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { configuredExamples } from '../../app/support-setup.ts';
import { demoConfigPath, loadConfigFile, parseConfig, type LoadedConfig } from '../../config/load-config.ts';
import { setClassifierThreshold } from '../../config/set-classifier-threshold.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { calibrateThreshold, readLabelledFile, thinCurve, type LabelledExample, type OperatingPoint, type ThresholdCalibration } from '../../triage/classifier/index.ts';
import { loadConfig } from '../context.ts';
import { usageError } from '../failure.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import { jsonOption } from '../shared-options.ts';
import { parseTargetPrecision, progressReporter, share } from './classifier-common.ts';

interface CalibrateOptions {
  targetPrecision?: string;
  config?: string;
  data?: string;
  dataOnly?: boolean;
  folds: string;
  json?: boolean;
  csv?: boolean;
  write?: boolean;
}

/** The threshold to configure (short, see shortestThreshold) and the point of the curve it answers at. */
interface Reached {
  threshold: number;
  point: OperatingPoint;
}

interface LabelledSource {
  examples: LabelledExample[];
  /** "the configuration's 673 and 40 from tickets.csv" */
  description: string;
}

/** The terminal shows this many points of the curve; --json and --csv show them all. */
const tableRows = 15;

export function calibrateCommand(classifier: Command): void {
  classifier
    .command('calibrate')
    .description('Pick the confidence threshold that reaches a target precision, by cross-validation, and show the coverage / precision curve')
    .option('--target-precision <share>', 'precision the answered messages must reach out of fold (default: the configuration\'s classifier.target_precision)')
    .option('--config <file>', 'the configuration whose examples to use (default: SWITCHBOARD_CONFIG or the demo configuration)')
    .option('--data <file>', 'more labelled examples (.csv with text,label columns, or .jsonl), added to the configuration\'s')
    .option('--data-only', 'calibrate on the --data file alone, without the configuration\'s examples')
    .option('--folds <n>', 'cross-validation folds', '4')
    .addOption(jsonOption())
    .option('--csv', 'print every point of the curve as CSV')
    .option('--write', 'set classifier.threshold in the configuration file, changing nothing else in it')
    .action(calibrate);
}

function calibrate(options: CalibrateOptions): void {
  if (options.json && options.csv) throw usageError('--json and --csv: choose one');
  const path = options.config ?? loadConfig().configPath;
  if (options.write && path === null) throw usageError('--write changes your own configuration: name it with --config or SWITCHBOARD_CONFIG (the demo configuration is never changed)');
  const config = loadConfigFile(path ?? demoConfigPath);
  const targetPrecision = parseTargetPrecision(options.targetPrecision) ?? config.file.classifier.target_precision;
  const source = labelledSource(config, options);
  const calibration = calibrateThreshold(source.examples, { targetPrecision, folds: parseFolds(options.folds), onProgress: progressReporter() });
  const reached = reachedPoint(calibration);
  const written = options.write ? writeThreshold(config, reached.threshold) : null;
  if (options.json) printJson(calibration);
  else if (options.csv) printLines(csvLines(calibration.points));
  else printLines(summaryLines(calibration, reached, source.description, written));
}

/** A target no threshold reaches is for the caller to change: a lower target, or more examples. */
function reachedPoint(calibration: ThresholdCalibration): Reached {
  const { threshold } = calibration;
  const point = threshold === null ? undefined : calibration.points.findLast((p) => p.threshold >= threshold);
  if (threshold === null || point === undefined) throw usageError(unreachableMessage(calibration));
  return { threshold, point };
}

/** Checked as the server would load it, then swapped in whole: a reader never sees half a file. */
function writeThreshold(config: LoadedConfig, threshold: number): string {
  const path = resolve(config.source);
  const text = setClassifierThreshold(config.text, threshold, config.source);
  parseConfig(text, { source: config.source, baseDir: dirname(path) });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    throw new SwitchboardError('invalid_config', `Cannot write ${config.source}: ${(error as Error).message}`);
  }
  return config.source;
}

function labelledSource(config: LoadedConfig, options: CalibrateOptions): LabelledSource {
  if (options.dataOnly && options.data === undefined) throw usageError('--data-only needs --data <file>');
  const fromFile = options.data === undefined ? [] : readLabelledFile(options.data);
  if (options.dataOnly) return { examples: fromFile, description: `${fromFile.length} from ${options.data}` };
  assertIntents(config, fromFile, options.data);
  const configured = configuredExamples(config);
  const added = fromFile.length === 0 ? '' : ` and ${fromFile.length} from ${options.data}`;
  return { examples: [...configured, ...fromFile], description: `the configuration's ${configured.length}${added}` };
}

/** Added examples must use the configuration's intents, or the threshold would be for other labels. */
function assertIntents(config: LoadedConfig, examples: readonly LabelledExample[], file: string | undefined): void {
  const unknown = [...new Set(examples.map((e) => e.label).filter((label) => !Object.hasOwn(config.file.intents, label)))];
  if (unknown.length > 0) throw usageError(`--data ${file}: labels that are not intents of the configuration: ${unknown.join(', ')}; add them under intents:, or pass --data-only`);
}

function parseFolds(value: string): number {
  const folds = Number(value);
  if (!Number.isInteger(folds) || folds < 2) throw usageError(`--folds: expected a whole number of at least 2 (got "${value}")`);
  return folds;
}

function unreachableMessage(calibration: ThresholdCalibration): string {
  const target = `No threshold reaches ${share(calibration.targetPrecision)} precision out of fold`;
  const best = mostPrecise(calibration.points);
  const bestText = best === null ? 'no message was answered' : `the best is ${share(best.precision)} at threshold ${best.threshold.toFixed(4)}, coverage ${share(best.coverage)}`;
  return `${target} (${bestText}); lower --target-precision or add labelled examples`;
}

/** The highest precision on the curve, at its widest coverage. */
function mostPrecise(points: readonly OperatingPoint[]): OperatingPoint | null {
  return points.reduce<OperatingPoint | null>((best, point) => (best === null || point.precision >= best.precision ? point : best), null);
}

function csvLines(points: readonly OperatingPoint[]): string[] {
  return ['threshold,coverage,precision', ...points.map((p) => `${p.threshold},${p.coverage},${p.precision}`)];
}

function summaryLines(calibration: ThresholdCalibration, reached: Reached, description: string, written: string | null): string[] {
  const { threshold, point } = reached;
  return [
    `Labelled examples: ${calibration.examples} (${description}), ${calibration.folds}-fold cross-validation`,
    '',
    ...curveTable(calibration.points, point),
    '',
    `Threshold ${threshold}: ${share(point.precision)} precision at ${share(point.coverage)} coverage out of fold (target ${share(calibration.targetPrecision)}).`,
    'Below it the classifier answers "unknown" and nothing is auto-resolved: the model takes over when one is configured, otherwise the bot asks the customer what the message is about.',
    ...(written === null ? ['Set it in switchboard.yaml (classifier.threshold):', 'classifier:', `  threshold: ${threshold}`] : [`Written to ${written}: classifier.threshold: ${threshold}`]),
  ];
}

function curveTable(points: readonly OperatingPoint[], chosen: OperatingPoint): string[] {
  const columns = [
    { header: 'threshold', cell: (p: OperatingPoint) => p.threshold.toFixed(4) },
    { header: 'coverage', cell: (p: OperatingPoint) => share(p.coverage) },
    { header: 'precision', cell: (p: OperatingPoint) => share(p.precision) },
    { header: '', cell: (p: OperatingPoint) => (p === chosen ? '← chosen' : '') },
  ];
  return formatTable(columns, thinCurve(points, tableRows, chosen)).map((line) => line.trimEnd());
}
