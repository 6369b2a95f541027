// The scoring model: a small two-layer network over the sparse TF-IDF vector. The hidden layer
// (ReLU) lets it combine features ("card" with "arrive" vs "card" with "declined"), which is what
// lifts it above a linear model on fine-grained intents.
import type { SparseVector } from './sparse-vector.ts';

export interface NeuralNetwork {
  inputs: number;
  hidden: number;
  outputs: number;
  /** inputWeights[feature * hidden + unit]: one contiguous row per feature, as a sparse input needs. */
  inputWeights: Float32Array;
  hiddenBias: Float32Array;
  /** outputWeights[unit * outputs + class] */
  outputWeights: Float32Array;
  outputBias: Float32Array;
}

export function createNetwork(inputs: number, hidden: number, outputs: number): NeuralNetwork {
  return {
    inputs,
    hidden,
    outputs,
    inputWeights: new Float32Array(inputs * hidden),
    hiddenBias: new Float32Array(hidden),
    outputWeights: new Float32Array(hidden * outputs),
    outputBias: new Float32Array(outputs),
  };
}

/** Hidden activations (after ReLU) into `activations`. */
export function hiddenLayer(network: NeuralNetwork, vector: SparseVector, activations: Float64Array): void {
  const { hidden, inputWeights } = network;
  activations.set(network.hiddenBias);
  const { indices, values } = vector;
  for (let n = 0; n < indices.length; n++) {
    const value = values[n] as number;
    const base = (indices[n] as number) * hidden;
    for (let u = 0; u < hidden; u++) activations[u] = (activations[u] as number) + value * (inputWeights[base + u] as number);
  }
  for (let u = 0; u < hidden; u++) if ((activations[u] as number) < 0) activations[u] = 0;
}

/** Class scores (logits) from hidden activations into `scores`. */
export function outputLayer(network: NeuralNetwork, activations: Float64Array, scores: Float64Array): void {
  const { outputs, outputWeights } = network;
  scores.set(network.outputBias);
  for (let u = 0; u < network.hidden; u++) {
    const activation = activations[u] as number;
    if (activation === 0) continue;
    const base = u * outputs;
    for (let k = 0; k < outputs; k++) scores[k] = (scores[k] as number) + activation * (outputWeights[base + k] as number);
  }
}

export function networkScores(network: NeuralNetwork, vector: SparseVector, scores: Float64Array = new Float64Array(network.outputs)): Float64Array {
  const activations = new Float64Array(network.hidden);
  hiddenLayer(network, vector, activations);
  outputLayer(network, activations, scores);
  return scores;
}
