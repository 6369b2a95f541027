// `npm run bench`: runs the benchmarks and records every figure, with the machine it ran on, in
// docs/benchmarks.md. `--only engines,inbox` runs some parts; `--quick` runs smoke-test sizes;
// `--threads N`, `--paused N` and `--tasks N` override the refund threads per engine run, the paused
// threads of the memory part and the tasks of the inbox part.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { markdownTable } from './benchmarks-doc.ts';
import { fullSizes, quickSizes, writePartSection, type BenchContext, type BenchSizes } from './bench-context.ts';
import { banking77Directory, runBanking77Benchmark, type ClassifierBenchmark } from './classifier-banking77.ts';
import { benchColdStart } from './cold-start.ts';
import { benchEngines } from './engine-throughput.ts';
import { benchInbox } from './inbox-scale.ts';
import { machineLine } from './machine.ts';
import { benchPausedMemory } from './paused-memory.ts';
import { benchProfile } from './hot-path-profile.ts';
import { benchScaleOut } from './scale-out.ts';

const parts = {
  classifier: benchClassifier,
  engines: benchEngines,
  memory: benchPausedMemory,
  inbox: benchInbox,
  'scale-out': benchScaleOut,
  'cold-start': benchColdStart,
  profile: benchProfile,
} satisfies Record<string, (context: BenchContext) => Promise<unknown>>;
type PartName = keyof typeof parts;
const partNames = Object.keys(parts) as PartName[];

function banking77Table(result: ClassifierBenchmark): string[] {
  const pct = (share: number) => `${(share * 100).toFixed(2)}%`;
  return markdownTable(
    ['Figure', 'Value'],
    [
      ['Training / test examples', `${result.trainExamples} / ${result.testExamples}`],
      ['Intents', String(result.labels)],
      ['Accuracy (top label, test)', pct(result.accuracy)],
      ['Macro-F1 (test)', pct(result.macroF1)],
      ['Threshold (chosen by 4-fold cross-validation on train only)', result.threshold.toFixed(4)],
      [`Coverage at the threshold (test; target precision ${pct(result.targetPrecision)})`, pct(result.coverage)],
      ['Precision at the threshold (test)', pct(result.precision)],
      ['Coverage at the threshold (train, out of fold)', pct(result.crossValidationCoverage)],
      ['Training time, wall clock', `${result.trainingSeconds.toFixed(2)} s`],
      ['Training time, CPU (all threads)', `${result.trainingCpuSeconds.toFixed(2)} s`],
      ['Prediction latency per message, p50', `${result.latencyP50Micros.toFixed(0)} µs`],
      ['Prediction latency per message, p99', `${result.latencyP99Micros.toFixed(0)} µs`],
      ['Model size (`JSON.stringify`)', `${result.modelBytes.toLocaleString('en')} bytes`],
      ['Peak RSS', `${result.peakRssMegabytes.toFixed(0)} MB`],
    ],
  );
}

/** The classifier always trains on the full data set: there is no quick mode for it. */
async function benchClassifier(context: BenchContext): Promise<void> {
  if (!existsSync(banking77Directory)) {
    throw new Error(`BANKING77 is not at ${banking77Directory} (train.csv and test.csv); nothing was measured.`);
  }
  const result = runBanking77Benchmark(banking77Directory, context.log);
  writePartSection({ ...context, quick: false }, 'Classifier: BANKING77', [
    'Trains on `train.csv`, scores `test.csv`; the data is read from `../shared/datasets/banking77/` and never copied into the repository.',
    '',
    'Model (src/triage/classifier/): TF-IDF word 1–2-grams and in-word character 3–5-grams; for each of 4 cross-validation folds a 48-unit ReLU network and a linear SVM, trained on two worker threads; the final model is those fold models together, its probabilities calibrated and its threshold chosen on their out-of-fold predictions of the training data.',
    '',
    ...banking77Table(result),
  ]);
}

interface Options {
  only: PartName[];
  sizes: BenchSizes;
  quick: boolean;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({ args, options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, threads: { type: 'string' }, paused: { type: 'string' }, tasks: { type: 'string' } }, strict: true });
  const only = (values.only?.split(',').map((name) => name.trim()).filter(Boolean) ?? partNames) as PartName[];
  const unknown = only.filter((name) => !partNames.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown part ${unknown.join(', ')}; the parts are ${partNames.join(', ')}.`);
  const sizes = { ...(values.quick ? quickSizes : fullSizes) };
  if (values.threads !== undefined) sizes.threads = positiveInteger(values.threads, '--threads');
  if (values.paused !== undefined) sizes.pausedThreads = positiveInteger(values.paused, '--paused');
  if (values.tasks !== undefined) sizes.inboxTasks = positiveInteger(values.tasks, '--tasks');
  return { only, sizes, quick: values.quick };
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive whole number, got "${text}".`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  for (const name of options.only) {
    const started = Date.now();
    console.log(`== ${name}`);
    await parts[name]({ sizes: options.sizes, quick: options.quick, args, machine: machineLine(), log: (line) => console.log(line) });
    console.log(`== ${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

await main();
