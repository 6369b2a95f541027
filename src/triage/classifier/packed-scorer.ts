// Scores a message with the packed ensemble: one pass over the feature rows fills every network's
// hidden layer and the linear margins at once, then the heads turn hidden units into class logits.
// Each known word's character rows are summed once, when the scorer is built, so a message costs
// one row per word and word pair rather than one per character n-gram.
import { combineSources } from './calibration.ts';
import { rowLengthOf, type NetworkHead, type PackedEnsemble } from './packed-ensemble.ts';
import { softmaxInPlace } from './softmax.ts';
import type { SparseVector } from './sparse-vector.ts';

export interface EnsembleScorer {
  /** Probabilities per class; the returned array is reused by the next call. */
  probabilities(text: string): Float64Array;
}

export function packedScorer(packed: PackedEnsemble): EnsembleScorer {
  const rowLength = rowLengthOf(packed);
  const knownWordRows = precomputeKnownWords(packed, rowLength);
  const firstLayer = new Float64Array(rowLength);
  const charLayer = new Float64Array(rowLength);
  const networkLogits = new Float64Array(packed.classCount);
  const linearScores = new Float64Array(packed.classCount);
  const combined = new Float64Array(packed.classCount);
  const linearOffset = rowLength - packed.classCount;
  return {
    probabilities(text) {
      const message = packed.vectoriser.factorise(text);
      firstLayer.fill(0);
      charLayer.fill(0);
      addRows(packed, message.words, rowLength, firstLayer);
      for (const id of message.knownWords) addDense(knownWordRows, id * rowLength, charLayer);
      addRows(packed, message.otherChars, rowLength, charLayer);
      for (let c = 0; c < rowLength; c++) firstLayer[c] = (firstLayer[c] as number) + message.charScale * (charLayer[c] as number);
      networkLogits.fill(0);
      let offset = 0;
      for (const head of packed.heads) {
        addHeadLogits(head, firstLayer, offset, packed.heads.length, networkLogits);
        offset += head.hiddenBias.length;
      }
      for (let k = 0; k < packed.classCount; k++) linearScores[k] = (firstLayer[linearOffset + k] as number) + (packed.linearBias[k] as number);
      return softmaxInPlace(combineSources([networkLogits, linearScores], packed.sourceWeights, combined));
    },
  };
}

/** Adds value × row for every entry of the vector; rows are bytes times a scale per block. */
function addRows(packed: PackedEnsemble, vector: SparseVector, rowLength: number, into: Float64Array): void {
  for (let n = 0; n < vector.indices.length; n++) addRow(packed, vector.indices[n] as number, vector.values[n] as number, rowLength, into);
}

function addRow(packed: PackedEnsemble, feature: number, value: number, rowLength: number, into: Float64Array | Float32Array): void {
  const { rows, scales, blocks } = packed;
  const blockCount = blocks.length;
  let at = feature * rowLength;
  let column = 0;
  for (let b = 0; b < blockCount; b++) {
    const scaled = value * (scales[feature * blockCount + b] as number);
    const end = column + (blocks[b] as number);
    for (; column < end; column++, at++) into[column] = (into[column] as number) + scaled * (rows[at] as number);
  }
}

function addDense(source: Float32Array, from: number, into: Float64Array): void {
  for (let c = 0; c < into.length; c++) into[c] = (into[c] as number) + (source[from + c] as number);
}

/** For each known word, the sum of its character n-gram rows weighted by count × IDF. */
function precomputeKnownWords(packed: PackedEnsemble, rowLength: number): Float32Array {
  const { vectoriser } = packed;
  const table = new Float32Array(vectoriser.knownWords.length * rowLength);
  const row = new Float64Array(rowLength);
  for (let id = 0; id < vectoriser.knownWords.length; id++) {
    const grams = vectoriser.knownWordGrams(id);
    row.fill(0);
    for (let n = 0; n < grams.indices.length; n++) addRow(packed, grams.indices[n] as number, grams.weights[n] as number, rowLength, row);
    table.set(row, id * rowLength);
  }
  return table;
}

/** Adds this head's logits, divided by the number of networks, to `into`. */
function addHeadLogits(head: NetworkHead, firstLayer: Float64Array, offset: number, networks: number, into: Float64Array): void {
  const classes = into.length;
  const { hiddenBias, outputWeights, outputBias } = head;
  for (let k = 0; k < classes; k++) into[k] = (into[k] as number) + (outputBias[k] as number) / networks;
  for (let u = 0; u < hiddenBias.length; u++) {
    const activation = (firstLayer[offset + u] as number) + (hiddenBias[u] as number);
    if (activation <= 0) continue;
    const scaled = activation / networks;
    const base = u * classes;
    for (let k = 0; k < classes; k++) into[k] = (into[k] as number) + scaled * (outputWeights[base + k] as number);
  }
}
