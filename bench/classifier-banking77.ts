// Benchmark: the intent classifier on BANKING77 (train.csv → test.csv). Prints and returns
// accuracy, macro-F1, coverage and precision at the cross-validated threshold, training time,
// per-message prediction latency, model size and peak memory. Not a test: it takes seconds.
import { resourceUsage } from 'node:process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLabelledFile, scoreClassifier, trainClassifier, type IntentClassifier, type LabelledExample } from '../src/triage/classifier/index.ts';

export interface ClassifierBenchmark {
  dataset: string;
  trainExamples: number;
  testExamples: number;
  labels: number;
  accuracy: number;
  macroF1: number;
  targetPrecision: number;
  threshold: number;
  coverage: number;
  precision: number;
  crossValidationCoverage: number;
  trainingSeconds: number;
  /** Processor time of every thread, so a busy machine's slower wall-clock time can be told apart. */
  trainingCpuSeconds: number;
  latencyP50Micros: number;
  latencyP99Micros: number;
  modelBytes: number;
  peakRssMegabytes: number;
}

export const banking77Directory = fileURLToPath(new URL('../../shared/datasets/banking77/', import.meta.url));
const targetPrecision = 0.97;

export function runBanking77Benchmark(directory = banking77Directory, log: (line: string) => void = console.log): ClassifierBenchmark {
  const train = readLabelledFile(join(directory, 'train.csv'));
  const test = readLabelledFile(join(directory, 'test.csv'));
  const { classifier, seconds, cpuSeconds } = timedTraining(train, log);
  const scores = scoreClassifier(classifier, test);
  const latency = measureLatency(classifier, test);
  const result: ClassifierBenchmark = {
    dataset: 'BANKING77',
    trainExamples: train.length,
    testExamples: test.length,
    labels: classifier.labels.length,
    accuracy: scores.accuracy,
    macroF1: scores.macroF1,
    targetPrecision,
    threshold: classifier.threshold,
    coverage: scores.coverage,
    precision: scores.precision,
    crossValidationCoverage: classifier.training.crossValidation.coverage,
    trainingSeconds: seconds,
    trainingCpuSeconds: cpuSeconds,
    latencyP50Micros: latency.p50,
    latencyP99Micros: latency.p99,
    modelBytes: Buffer.byteLength(JSON.stringify(classifier)),
    peakRssMegabytes: resourceUsage().maxRSS / 1024,
  };
  log(JSON.stringify(result, null, 2));
  return result;
}

function timedTraining(train: readonly LabelledExample[], log: (line: string) => void): { classifier: IntentClassifier; seconds: number; cpuSeconds: number } {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const classifier = trainClassifier(train, { targetPrecision, onProgress: progressLogger(log) });
  const cpu = process.cpuUsage(cpuBefore);
  return { classifier, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Per-message latency over the whole test set, after one warm-up pass so the JIT has compiled the hot path. */
function measureLatency(classifier: IntentClassifier, test: readonly LabelledExample[]): { p50: number; p99: number } {
  for (const example of test) classifier.predict(example.text);
  const micros = test.map((example) => {
    const start = process.hrtime.bigint();
    classifier.predict(example.text);
    return Number(process.hrtime.bigint() - start) / 1000;
  });
  micros.sort((a, b) => a - b);
  return { p50: percentile(micros, 0.5), p99: percentile(micros, 0.99) };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function progressLogger(log: (line: string) => void): (p: { phase: string; done: number; total: number }) => void {
  let last = '';
  return ({ phase, done, total }) => {
    const line = `${phase} ${Math.floor((done / Math.max(total, 1)) * 4) * 25}%`;
    if (line !== last) log(`  ${line}`);
    last = line;
  };
}

if (import.meta.filename === process.argv[1]) runBanking77Benchmark();
