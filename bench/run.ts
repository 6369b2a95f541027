// `npm run bench`: runs the benchmarks (for now the classifier on BANKING77) and records every
// figure, with the machine it ran on, in docs/benchmarks.md.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { markdownTable, writeSection } from './benchmarks-doc.ts';
import { banking77Directory, runBanking77Benchmark, type ClassifierBenchmark } from './classifier-banking77.ts';

const docPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

function machine(): string[] {
  const processors = cpus();
  return [
    `Machine: ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${processors.length} cores, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg()[0]?.toFixed(2) ?? '?'} when the run started.`,
    '',
    'Command: `npm run bench` (trains on `train.csv`, scores `test.csv`; the data is read from `../shared/datasets/banking77/` and never copied into the repository).',
    '',
    'Model (src/triage/classifier/): TF-IDF word 1–2-grams and in-word character 3–5-grams; for each of 4 cross-validation folds a 48-unit ReLU network and a linear SVM, trained on two worker threads; the final model is those fold models together, its probabilities calibrated and its threshold chosen on their out-of-fold predictions of the training data.',
  ];
}

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

function main(): void {
  if (!existsSync(banking77Directory)) {
    console.error(`BANKING77 is not at ${banking77Directory} (train.csv and test.csv); nothing was measured.`);
    process.exitCode = 1;
    return;
  }
  const machineLines = machine();
  const result = runBanking77Benchmark();
  writeSection(docPath, 'Classifier: BANKING77', [...machineLines, '', ...banking77Table(result), '']);
  console.log(`Wrote ${docPath}`);
}

main();
