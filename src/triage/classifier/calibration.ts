// Turns raw scores into probabilities that mean what they say. The model adds up score sources
// (the networks' logits, the linear model's margins); calibration fits one weight per source so
// that softmax(Σ weight × source) has the lowest negative log-likelihood on the out-of-fold scores
// of the training data. With one source this is temperature scaling (weight = 1 / temperature).
import { softmaxInPlace } from './softmax.ts';

export interface ScoredExample {
  /** One score vector per source, each with one score per class. */
  sources: readonly Float64Array[];
  target: number;
}

interface Fit {
  loss: number;
  gradient: number[];
  hessian: number[][];
}

/** Out-of-fold scores can be perfectly separable on small data; a cap keeps probabilities finite. */
const maxWeight = 50;
const ridge = 1e-4;

export function fitSourceWeights(examples: readonly ScoredExample[]): number[] {
  const sourceCount = examples[0]?.sources.length ?? 0;
  let weights = new Array<number>(sourceCount).fill(1);
  let current = evaluate(examples, weights);
  for (let iteration = 0; iteration < 50; iteration++) {
    const direction = newtonDirection(current);
    const next = lineSearch(examples, weights, direction, current.loss);
    if (next === null) break;
    const improvement = current.loss - next.fit.loss;
    weights = next.weights;
    current = next.fit;
    if (improvement < 1e-9) break;
  }
  return weights;
}

export function combineSources(sources: readonly Float64Array[], weights: readonly number[], into: Float64Array): Float64Array {
  into.fill(0);
  sources.forEach((source, j) => {
    const weight = weights[j] ?? 0;
    for (let k = 0; k < into.length; k++) into[k] = (into[k] as number) + weight * (source[k] as number);
  });
  return into;
}

export function negativeLogLikelihood(examples: readonly ScoredExample[], weights: readonly number[]): number {
  return evaluate(examples, weights).loss;
}

function lineSearch(examples: readonly ScoredExample[], weights: readonly number[], direction: readonly number[], loss: number): { weights: number[]; fit: Fit } | null {
  for (let step = 1; step > 1e-4; step /= 2) {
    const candidate = weights.map((w, j) => Math.min(maxWeight, Math.max(0, w + step * (direction[j] ?? 0))));
    const fit = evaluate(examples, candidate);
    if (fit.loss < loss) return { weights: candidate, fit };
  }
  return null;
}

function newtonDirection(fit: Fit): number[] {
  const size = fit.gradient.length;
  // Solve H d = -g by Gaussian elimination; the system is tiny (one row per score source).
  const rows = fit.hessian.map((row, i) => [...row.map((v, j) => v + (i === j ? 1e-9 : 0)), -(fit.gradient[i] ?? 0)]);
  for (let col = 0; col < size; col++) {
    const pivot = rows[col] as number[];
    for (let r = col + 1; r < size; r++) {
      const row = rows[r] as number[];
      const factor = (row[col] as number) / (pivot[col] as number);
      for (let c = col; c <= size; c++) row[c] = (row[c] as number) - factor * (pivot[c] as number);
    }
  }
  const direction = new Array<number>(size).fill(0);
  for (let r = size - 1; r >= 0; r--) {
    const row = rows[r] as number[];
    let sum = row[size] as number;
    for (let c = r + 1; c < size; c++) sum -= (row[c] as number) * (direction[c] as number);
    direction[r] = sum / (row[r] as number);
  }
  return direction;
}

/** Mean loss, gradient and Hessian over the examples, in the source weights. */
function evaluate(examples: readonly ScoredExample[], weights: readonly number[]): Fit {
  const size = weights.length;
  const gradient = weights.map((w) => 2 * ridge * w);
  const hessian = weights.map((_, i) => weights.map((__, j) => (i === j ? 2 * ridge : 0)));
  let loss = ridge * weights.reduce((sum, w) => sum + w * w, 0);
  const count = Math.max(examples.length, 1);
  const probabilities = new Float64Array(examples[0]?.sources[0]?.length ?? 0);
  const moments = new Moments(size);
  for (const { sources, target } of examples) {
    softmaxInPlace(combineSources(sources, weights, probabilities));
    loss -= Math.log(Math.max(probabilities[target] as number, 1e-300)) / count;
    moments.measure(probabilities, sources);
    for (let i = 0; i < size; i++) {
      gradient[i] = (gradient[i] as number) + (moments.mean(i) - ((sources[i] as Float64Array)[target] as number)) / count;
      const row = hessian[i] as number[];
      for (let j = 0; j < size; j++) row[j] = (row[j] as number) + moments.covariance(i, j) / count;
    }
  }
  return { loss, gradient, hessian };
}

/** Means and covariances of the sources' scores under the predicted class distribution, in one pass over the classes. */
class Moments {
  readonly #size: number;
  readonly #means: Float64Array;
  readonly #products: Float64Array;

  constructor(size: number) {
    this.#size = size;
    this.#means = new Float64Array(size);
    this.#products = new Float64Array(size * size);
  }

  measure(probabilities: Float64Array, sources: readonly Float64Array[]): void {
    const size = this.#size;
    this.#means.fill(0);
    this.#products.fill(0);
    for (let k = 0; k < probabilities.length; k++) {
      const p = probabilities[k] as number;
      for (let i = 0; i < size; i++) {
        const a = (sources[i] as Float64Array)[k] as number;
        this.#means[i] = (this.#means[i] as number) + p * a;
        for (let j = i; j < size; j++) this.#products[i * size + j] = (this.#products[i * size + j] as number) + p * a * ((sources[j] as Float64Array)[k] as number);
      }
    }
  }

  mean(i: number): number {
    return this.#means[i] as number;
  }

  covariance(i: number, j: number): number {
    const [a, b] = i <= j ? [i, j] : [j, i];
    return (this.#products[a * this.#size + b] as number) - this.mean(i) * this.mean(j);
  }
}
