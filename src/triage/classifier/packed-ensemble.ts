// The trained ensemble as the classifier keeps it: every network's first layer and the linear
// model share one row per input feature, stored as signed bytes with a scale per block. A message
// then reads one short contiguous row per feature instead of five long float rows, which keeps
// prediction fast (memory, not arithmetic, is the cost) and the saved model small.
import type { LinearModel } from './linear-model.ts';
import type { NeuralNetwork } from './neural-network.ts';
import type { Vectoriser } from './vectoriser.ts';

/** What training produces: float models, before packing. */
export interface EnsembleModel {
  vectoriser: Vectoriser;
  networks: NeuralNetwork[];
  linear: LinearModel;
  /** Calibrated weights of [mean network logits, linear margins]. */
  sourceWeights: number[];
}

/** The part of a network after its first layer. */
export interface NetworkHead {
  hiddenBias: Float32Array;
  /** outputWeights[unit * classCount + class] */
  outputWeights: Float32Array;
  outputBias: Float32Array;
}

export interface PackedEnsemble {
  vectoriser: Vectoriser;
  classCount: number;
  /** Width of each block of a row: each network's hidden units, then one weight per class for the linear model. */
  blocks: number[];
  /** rows[feature * rowLength + column], rowLength = sum of blocks. */
  rows: Int8Array;
  /** scales[feature * blocks.length + block]: a row block's weights are its bytes times this. */
  scales: Float32Array;
  heads: NetworkHead[];
  linearBias: Float32Array;
  sourceWeights: number[];
}

export function rowLengthOf(packed: Pick<PackedEnsemble, 'blocks'>): number {
  return packed.blocks.reduce((sum, width) => sum + width, 0);
}

export function packEnsemble(model: EnsembleModel): PackedEnsemble {
  const sources = [...model.networks.map((n) => ({ weights: n.inputWeights, width: n.hidden })), { weights: model.linear.weights, width: model.linear.classCount }];
  const blocks = sources.map((s) => s.width);
  const rowLength = rowLengthOf({ blocks });
  const features = model.vectoriser.dimension;
  const rows = new Int8Array(features * rowLength);
  const scales = new Float32Array(features * blocks.length);
  for (let f = 0; f < features; f++) {
    let column = 0;
    sources.forEach((source, b) => {
      scales[f * blocks.length + b] = quantiseRow(source.weights.subarray(f * source.width, (f + 1) * source.width), rows.subarray(f * rowLength + column));
      column += source.width;
    });
  }
  const heads = model.networks.map((n) => ({ hiddenBias: n.hiddenBias, outputWeights: n.outputWeights, outputBias: n.outputBias }));
  return { vectoriser: model.vectoriser, classCount: model.linear.classCount, blocks, rows, scales, heads, linearBias: model.linear.bias, sourceWeights: model.sourceWeights };
}

/** Writes round(weight / scale) into `into` and returns the scale (the largest magnitude maps to ±127). */
function quantiseRow(weights: Float32Array, into: Int8Array): number {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127;
  if (scale > 0) for (let i = 0; i < weights.length; i++) into[i] = Math.round((weights[i] as number) / scale);
  return scale;
}
