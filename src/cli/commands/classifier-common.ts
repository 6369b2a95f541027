// What the classifier subcommands share: the target-precision flag, shares as percentages, and the
// training progress on stderr (a line rewritten in place on a terminal, a line per quarter in a log).
import type { TrainingProgress } from '../../triage/classifier/index.ts';
import { usageError } from '../failure.ts';

export function parseTargetPrecision(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const share = Number(value);
  if (!(share > 0 && share <= 1)) throw usageError(`--target-precision: expected a share above 0 and at most 1, such as 0.97 (got "${value}")`);
  return share;
}

export function share(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

export function progressReporter(): (progress: TrainingProgress) => void {
  return process.stderr.isTTY ? terminalProgress() : loggedProgress();
}

/** One line, rewritten in place and cleared when training ends. */
function terminalProgress(): (progress: TrainingProgress) => void {
  let last = '';
  return ({ phase, done, total }) => {
    const line = progressLine(phase, done, total, 1);
    if (line === last) return;
    last = line;
    const over = phase === 'calibration' && done === total;
    process.stderr.write(over ? '\r\u001b[2K' : `\r\u001b[2K${line}`);
  };
}

/** A line per phase and per quarter of it, for logs that cannot rewrite a line. */
function loggedProgress(): (progress: TrainingProgress) => void {
  let last = '';
  return ({ phase, done, total }) => {
    const line = progressLine(phase, done, total, 25);
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

function progressLine(phase: string, done: number, total: number, step: number): string {
  const percent = Math.floor((done / Math.max(total, 1)) * (100 / step)) * step;
  return `classifier: ${phase} ${percent}%`;
}
