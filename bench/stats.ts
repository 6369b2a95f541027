// Summaries of measured figures: percentiles of latencies, rates, and how tables print them.
import { nearestRank } from '../src/app/stats-figures.ts';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of an ascending list (the one the numbers page uses), 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  return nearestRank(sorted, q) ?? 0;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1) ?? 0 };
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  samples.push(msSince(start));
  return result;
}

/** Runs `work` for indexes 0..count-1 with at most `concurrency` in flight. */
export async function runPool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

export const format = {
  ms: (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`),
  rate: (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)),
  bytes: (value: number) => `${Math.round(value).toLocaleString('en')} B`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  ratio: (value: number) => `${value.toFixed(2)}×`,
  count: (value: number) => value.toLocaleString('en'),
};
