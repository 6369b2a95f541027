// A linear scorer over sparse vectors: one weight per (feature, class) and one bias per class.
// Weights are stored feature-major so scoring a message touches one contiguous run per feature.
import type { SparseVector } from './sparse-vector.ts';

export interface LinearModel {
  classCount: number;
  dimension: number;
  /** weights[feature * classCount + class] */
  weights: Float32Array;
  bias: Float32Array;
}

export function scoreVector(model: LinearModel, vector: SparseVector, scores: Float64Array = new Float64Array(model.classCount)): Float64Array {
  const { classCount, weights } = model;
  scores.set(model.bias);
  for (let n = 0; n < vector.indices.length; n++) {
    const value = vector.values[n] ?? 0;
    const base = (vector.indices[n] ?? 0) * classCount;
    for (let k = 0; k < classCount; k++) scores[k] = (scores[k] ?? 0) + value * (weights[base + k] ?? 0);
  }
  return scores;
}

/** The mean of models trained on different folds: for linear models this is the mean of their scores. */
export function averageModels(models: readonly LinearModel[]): LinearModel {
  const first = models[0];
  if (first === undefined) throw new Error('averageModels needs at least one model');
  const weights = new Float32Array(first.weights.length);
  const bias = new Float32Array(first.bias.length);
  for (const model of models) {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) + (model.weights[i] ?? 0) / models.length;
    for (let k = 0; k < bias.length; k++) bias[k] = (bias[k] ?? 0) + (model.bias[k] ?? 0) / models.length;
  }
  return { classCount: first.classCount, dimension: first.dimension, weights, bias };
}
