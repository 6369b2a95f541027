// Trains the two-layer network by plain stochastic gradient descent on cross-entropy, with
// dropout on the hidden layer and a learning rate that falls linearly to zero.
import { createNetwork, outputLayer, type NeuralNetwork } from './neural-network.ts';
import { softmaxInPlace } from './softmax.ts';
import { shuffleInPlace, seededRandom, type Random } from './random.ts';
import { matrixRow, type SparseMatrix, type SparseVector } from './sparse-vector.ts';

export interface NetworkOptions {
  hidden: number;
  epochs: number;
  learningRate: number;
  /** Share of hidden units silenced on each example, so no unit can memorise one phrase. */
  dropout: number;
  seed: number;
}

export interface TrainingSet {
  matrix: SparseMatrix;
  targets: Int32Array;
  classCount: number;
  /** Which rows of the matrix to learn from (one fold's training part). */
  rows: Int32Array;
}

export function trainNetwork(set: TrainingSet, options: NetworkOptions, onEpoch?: (epoch: number) => void): NeuralNetwork {
  const random = seededRandom(options.seed);
  const network = createNetwork(set.matrix.columns, options.hidden, set.classCount);
  initialise(network, random);
  const order = Int32Array.from(set.rows);
  const step = stepper(network, options.dropout, random);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    const start = options.learningRate * (1 - epoch / options.epochs);
    const end = options.learningRate * (1 - (epoch + 1) / options.epochs);
    for (let i = 0; i < order.length; i++) {
      const row = order[i] as number;
      step(matrixRow(set.matrix, row), set.targets[row] as number, start + ((end - start) * i) / order.length);
    }
    onEpoch?.(epoch + 1);
  }
  return network;
}

function initialise(network: NeuralNetwork, random: Random): void {
  // He-style scale for a ReLU layer fed by an L2-normalised input of about a hundred active features.
  const inputScale = Math.sqrt(6 / 100);
  const outputScale = Math.sqrt(6 / (network.hidden + network.outputs));
  for (let i = 0; i < network.inputWeights.length; i++) network.inputWeights[i] = (random() * 2 - 1) * inputScale;
  for (let i = 0; i < network.outputWeights.length; i++) network.outputWeights[i] = (random() * 2 - 1) * outputScale;
}

/** Scratch arrays for one gradient step, reused for every message. */
interface StepBuffers {
  activations: Float64Array;
  scores: Float64Array;
  /** Units that survived dropout: kept[0 .. keptCount). */
  kept: Int32Array;
  keptCount: number;
  /** Units that were kept and fired, with the gradient of their pre-activation times the learning rate. */
  activeUnits: Int32Array;
  activeGradient: Float64Array;
  activeCount: number;
}

/**
 * One stochastic gradient step at a time. Dropped units are chosen first, so the forward pass never
 * computes them; only units that were kept and fired pass a gradient back, which halves the work.
 * (Plain functions over a plain buffer object: V8 runs these loops far faster than class methods.)
 */
function stepper(network: NeuralNetwork, dropout: number, random: Random): (vector: SparseVector, target: number, learningRate: number) => void {
  const hidden = network.hidden;
  const buffers: StepBuffers = {
    activations: new Float64Array(hidden),
    scores: new Float64Array(network.outputs),
    kept: new Int32Array(hidden),
    keptCount: 0,
    activeUnits: new Int32Array(hidden),
    activeGradient: new Float64Array(hidden),
    activeCount: 0,
  };
  const keep = 1 / (1 - dropout);
  return (vector, target, learningRate) => {
    chooseKeptUnits(buffers, hidden, dropout, random);
    forwardHidden(network, vector, buffers, keep);
    outputLayer(network, buffers.activations, buffers.scores);
    softmaxInPlace(buffers.scores);
    // Cross-entropy's gradient in the logits: predicted minus true distribution.
    buffers.scores[target] = (buffers.scores[target] as number) - 1;
    backwardOutput(network, buffers, learningRate, keep * learningRate);
    backwardInput(network, vector, buffers);
  };
}

function chooseKeptUnits(buffers: StepBuffers, hidden: number, dropout: number, random: Random): void {
  const kept = buffers.kept;
  let count = 0;
  for (let u = 0; u < hidden; u++) if (random() >= dropout) kept[count++] = u;
  buffers.keptCount = count;
}

/** ReLU activations of the kept units, scaled up for the dropped ones; dropped units stay 0. */
function forwardHidden(network: NeuralNetwork, vector: SparseVector, buffers: StepBuffers, keep: number): void {
  const { hidden, inputWeights, hiddenBias } = network;
  const { activations, kept, keptCount } = buffers;
  const { indices, values } = vector;
  activations.fill(0);
  for (let j = 0; j < keptCount; j++) activations[kept[j] as number] = hiddenBias[kept[j] as number] as number;
  for (let n = 0; n < indices.length; n++) {
    const value = values[n] as number;
    const base = (indices[n] as number) * hidden;
    for (let j = 0; j < keptCount; j++) {
      const u = kept[j] as number;
      activations[u] = (activations[u] as number) + value * (inputWeights[base + u] as number);
    }
  }
  for (let j = 0; j < keptCount; j++) activations[kept[j] as number] = Math.max(0, activations[kept[j] as number] as number) * keep;
}

/** Updates the output layer and records the gradient reaching each active hidden unit. */
function backwardOutput(network: NeuralNetwork, buffers: StepBuffers, learningRate: number, unitScale: number): void {
  const { outputs, outputWeights, outputBias } = network;
  const { scores, kept, keptCount, activations, activeUnits, activeGradient } = buffers;
  let active = 0;
  for (let j = 0; j < keptCount; j++) {
    const u = kept[j] as number;
    const activation = activations[u] as number;
    if (activation === 0) continue;
    const base = u * outputs;
    let gradient = 0;
    for (let k = 0; k < outputs; k++) {
      const weight = outputWeights[base + k] as number;
      gradient += (scores[k] as number) * weight;
      outputWeights[base + k] = weight - learningRate * (scores[k] as number) * activation;
    }
    activeUnits[active] = u;
    activeGradient[active++] = gradient * unitScale;
  }
  buffers.activeCount = active;
  for (let k = 0; k < outputs; k++) outputBias[k] = (outputBias[k] as number) - learningRate * (scores[k] as number);
}

/** Updates the input rows of the message's features, and the hidden biases, for the active units. */
function backwardInput(network: NeuralNetwork, vector: SparseVector, buffers: StepBuffers): void {
  const { hidden, inputWeights, hiddenBias } = network;
  const { activeUnits, activeGradient, activeCount } = buffers;
  const { indices, values } = vector;
  for (let n = 0; n < indices.length; n++) {
    const value = values[n] as number;
    const base = (indices[n] as number) * hidden;
    for (let a = 0; a < activeCount; a++) {
      const at = base + (activeUnits[a] as number);
      inputWeights[at] = (inputWeights[at] as number) - value * (activeGradient[a] as number);
    }
  }
  for (let a = 0; a < activeCount; a++) hiddenBias[activeUnits[a] as number] = (hiddenBias[activeUnits[a] as number] as number) - (activeGradient[a] as number);
}
