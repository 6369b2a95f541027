// Trains the linear model: for each class, an L2-regularised squared-hinge SVM against all the
// others, solved by dual coordinate descent with shrinking (the LIBLINEAR method), which is fast
// because most messages are far from most classes and drop out of the working set early.
import type { LinearModel } from './linear-model.ts';
import { shuffleInPlace, type Random } from './random.ts';
import type { SparseMatrix } from './sparse-vector.ts';

export interface SvmOptions {
  /** Inverse regularisation: higher fits the training data more closely. */
  c: number;
  /** Stop when the largest projected-gradient gap falls below this (LIBLINEAR's default is 0.1). */
  tolerance: number;
  maxEpochs: number;
  /**
   * A message outside the margin by more than this leaves the working set at once, instead of only
   * beyond the previous pass's largest gradient (LIBLINEAR's rule); the final check over every
   * message keeps the solution right, and the first passes get much cheaper.
   */
  shrinkAbove: number;
}

export interface BinaryProblem {
  matrix: SparseMatrix;
  rows: Int32Array;
  /** +1 or -1 for each entry of rows. */
  signs: Int8Array;
  /** ||x||² + 1 for each entry of rows (the 1 is the bias feature). */
  squaredNorms: Float64Array;
}

export function trainOneVsRest(matrix: SparseMatrix, targets: Int32Array, classCount: number, rows: Int32Array, options: SvmOptions, random: Random, onClass?: (done: number) => void): LinearModel {
  const weights = new Float32Array(matrix.columns * classCount);
  const bias = new Float32Array(classCount);
  const squaredNorms = rowSquaredNorms(matrix, rows);
  for (let k = 0; k < classCount; k++) {
    const signs = Int8Array.from(rows, (r) => (targets[r] === k ? 1 : -1));
    const solved = solveBinary({ matrix, rows, signs, squaredNorms }, options, random);
    for (let f = 0; f < matrix.columns; f++) weights[f * classCount + k] = solved.weights[f] ?? 0;
    bias[k] = solved.bias;
    onClass?.(k + 1);
  }
  return { classCount, dimension: matrix.columns, weights, bias };
}

export function solveBinary(problem: BinaryProblem, options: SvmOptions, random: Random): { weights: Float64Array; bias: number } {
  const solver = new DualCoordinateDescent(problem, options);
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    if (solver.epoch(random) === 'converged') break;
  }
  return { weights: solver.weights, bias: solver.bias };
}

/** The dual problem's state: one multiplier per message, the primal weights they add up to, and the working set. */
class DualCoordinateDescent {
  readonly weights: Float64Array;
  bias = 0;
  readonly #problem: BinaryProblem;
  readonly #options: SvmOptions;
  readonly #alpha: Float64Array;
  readonly #diagonal: number;
  /** Messages still visited: active[0 .. activeSize). */
  readonly #active: Int32Array;
  #activeSize: number;
  /** A message with a zero multiplier and a gradient above this leaves the working set. */
  #shrinkBound = Infinity;
  #maxGradient = -Infinity;
  #minGradient = Infinity;

  constructor(problem: BinaryProblem, options: SvmOptions) {
    this.#problem = problem;
    this.#options = options;
    this.weights = new Float64Array(problem.matrix.columns);
    this.#alpha = new Float64Array(problem.rows.length);
    this.#diagonal = 1 / (2 * options.c);
    this.#active = Int32Array.from(problem.rows, (_, i) => i);
    this.#activeSize = problem.rows.length;
  }

  epoch(random: Random): 'converged' | 'continue' {
    shuffleInPlace(this.#active.subarray(0, this.#activeSize), random);
    this.#maxGradient = -Infinity;
    this.#minGradient = Infinity;
    for (let s = 0; s < this.#activeSize; s++) {
      const i = this.#active[s] as number;
      if (this.#visit(i)) continue;
      // Comfortably outside the margin: this message will not become a support vector; stop visiting it.
      this.#activeSize--;
      this.#active[s] = this.#active[this.#activeSize] as number;
      this.#active[this.#activeSize] = i;
      s--;
    }
    return this.#afterEpoch();
  }

  /** One coordinate step on message i; false when instead it should leave the working set. */
  #visit(i: number): boolean {
    const { rows, signs, squaredNorms } = this.#problem;
    const row = rows[i] as number;
    const y = signs[i] as number;
    const a = this.#alpha[i] as number;
    const gradient = y * this.#margin(row) - 1 + this.#diagonal * a;
    if (a === 0 && gradient > this.#shrinkBound) return false;
    const projected = a === 0 && gradient > 0 ? 0 : gradient;
    this.#maxGradient = Math.max(this.#maxGradient, projected);
    this.#minGradient = Math.min(this.#minGradient, projected);
    if (Math.abs(projected) <= 1e-12) return true;
    const next = Math.max(a - gradient / ((squaredNorms[i] as number) + this.#diagonal), 0);
    this.#alpha[i] = next;
    this.#addRow(row, (next - a) * y);
    return true;
  }

  #afterEpoch(): 'converged' | 'continue' {
    if (this.#maxGradient - this.#minGradient <= this.#options.tolerance) {
      if (this.#activeSize === this.#problem.rows.length) return 'converged';
      // Converged on the working set: check once more against every message before stopping.
      this.#activeSize = this.#problem.rows.length;
      this.#shrinkBound = Infinity;
      return 'continue';
    }
    this.#shrinkBound = Math.min(this.#options.shrinkAbove, this.#maxGradient <= 0 ? Infinity : this.#maxGradient);
    return 'continue';
  }

  #margin(row: number): number {
    const { rowStart, indices, values } = this.#problem.matrix;
    const w = this.weights;
    let margin = this.bias;
    for (let n = rowStart[row] as number, end = rowStart[row + 1] as number; n < end; n++) margin += (w[indices[n] as number] as number) * (values[n] as number);
    return margin;
  }

  #addRow(row: number, step: number): void {
    const { rowStart, indices, values } = this.#problem.matrix;
    const w = this.weights;
    this.bias += step;
    for (let n = rowStart[row] as number, end = rowStart[row + 1] as number; n < end; n++) w[indices[n] as number] = (w[indices[n] as number] as number) + step * (values[n] as number);
  }
}

function rowSquaredNorms(matrix: SparseMatrix, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => {
    let sum = 1;
    for (let n = matrix.rowStart[row] as number; n < (matrix.rowStart[row + 1] as number); n++) sum += (matrix.values[n] as number) ** 2;
    return sum;
  });
}
