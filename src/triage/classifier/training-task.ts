// One unit of cross-validated training: a network or a linear model fitted on every fold but one.
// Tasks are plain data so they can run in a worker thread as well as in the calling thread.
import { scoreVector, type LinearModel } from './linear-model.ts';
import { networkScores, type NeuralNetwork } from './neural-network.ts';
import { trainOneVsRest, type SvmOptions } from './one-vs-rest-svm.ts';
import { rowsWhere } from './cross-validation.ts';
import { seededRandom } from './random.ts';
import { matrixRow, type SparseMatrix, type SparseVector } from './sparse-vector.ts';
import { trainNetwork, type NetworkOptions } from './train-network.ts';

export interface TrainingData {
  matrix: SparseMatrix;
  targets: Int32Array;
  classCount: number;
  /** The fold that holds each message out. */
  folds: Int32Array;
}

export type TrainingTask = { kind: 'network'; fold: number; options: NetworkOptions } | { kind: 'linear'; fold: number; options: SvmOptions; seed: number };

/** A trained fold model, with its scores for the messages its fold held out (row-major, one row per held-out message in index order). */
export type TaskResult = ({ kind: 'network'; network: NeuralNetwork } | { kind: 'linear'; model: LinearModel }) & { fold: number; heldOutScores: Float64Array };

/** Progress within one task, from 0 to 1. */
export type TaskProgress = (fraction: number) => void;

export function runTrainingTask(data: TrainingData, task: TrainingTask, onProgress: TaskProgress): TaskResult {
  const set = { matrix: data.matrix, targets: data.targets, classCount: data.classCount, rows: rowsWhere(data.folds, (f) => f !== task.fold) };
  const heldOut = rowsWhere(data.folds, (f) => f === task.fold);
  if (task.kind === 'network') {
    const network = trainNetwork(set, task.options, (epoch) => onProgress(epoch / task.options.epochs));
    return { kind: 'network', fold: task.fold, network, heldOutScores: scoreRows(data, heldOut, (vector, into) => networkScores(network, vector, into)) };
  }
  const model = trainOneVsRest(set.matrix, set.targets, set.classCount, set.rows, task.options, seededRandom(task.seed), (done) => onProgress(done / set.classCount));
  return { kind: 'linear', fold: task.fold, model, heldOutScores: scoreRows(data, heldOut, (vector, into) => scoreVector(model, vector, into)) };
}

function scoreRows(data: TrainingData, rows: Int32Array, score: (vector: SparseVector, into: Float64Array) => void): Float64Array {
  const scores = new Float64Array(rows.length * data.classCount);
  rows.forEach((row, i) => score(matrixRow(data.matrix, row), scores.subarray(i * data.classCount, (i + 1) * data.classCount)));
  return scores;
}

/** The typed arrays inside a result, so a worker can hand them over without copying. */
export function transferablesOf(result: TaskResult): ArrayBuffer[] {
  const arrays = result.kind === 'network' ? [result.network.inputWeights, result.network.hiddenBias, result.network.outputWeights, result.network.outputBias] : [result.model.weights, result.model.bias];
  return [...arrays, result.heldOutScores].map((a) => a.buffer as ArrayBuffer);
}
