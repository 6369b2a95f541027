// What `npm run bench` hands each part: the sizes to run, how it was invoked, and where the part
// writes its section of docs/benchmarks.md.
import { fileURLToPath } from 'node:url';
import { writeSection } from './benchmarks-doc.ts';
import { commandLine } from './machine.ts';

export const benchmarksDocPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

export interface BenchSizes {
  /** Refund threads per engine run (and in the profiled run). */
  threads: number;
  /** Threads paused at the human gate for the memory part. */
  pausedThreads: number;
  /** Pending human tasks for the inbox part. */
  inboxTasks: number;
  /** Started threads the workers drain in the scale-out part. */
  scaleOutThreads: number;
  /** Fresh processes timed in the cold-start part. */
  coldStarts: number;
}

export const fullSizes: BenchSizes = { threads: 2_000, pausedThreads: 100_000, inboxTasks: 1_000_000, scaleOutThreads: 2_000, coldStarts: 10 };
export const quickSizes: BenchSizes = { threads: 100, pausedThreads: 5_000, inboxTasks: 20_000, scaleOutThreads: 200, coldStarts: 3 };

export interface BenchContext {
  sizes: BenchSizes;
  quick: boolean;
  /** The arguments `bench/run.ts` was given, for the command line each section states. */
  args: readonly string[];
  /** The machine and its load when the part started. */
  machine: string;
  log: (line: string) => void;
}

/** Writes a part's section, headed by the machine it ran on and the command that produced it. */
export function writePartSection(context: BenchContext, title: string, lines: readonly string[]): void {
  const mode = context.quick ? ' Quick mode (`--quick`): sizes are smoke-test sizes, not the figures the goals are about.' : '';
  writeSection(benchmarksDocPath, title, [context.machine, '', `${commandLine(context.args)}${mode}`, '', ...lines]);
  context.log(`Wrote "${title}" in ${benchmarksDocPath}`);
}
