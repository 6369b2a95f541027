// Chooses the confidence below which the classifier says "unknown": the lowest threshold whose
// answered messages reach the target precision, measured on out-of-fold predictions.

export interface ConfidentPrediction {
  probability: number;
  /** False when the top class is the out-of-scope class: that is an "unknown", never an answer. */
  answers: boolean;
  correct: boolean;
}

export interface OperatingPoint {
  threshold: number;
  /** Share of all messages answered with a label. */
  coverage: number;
  /** Share of answered messages whose label is right (1 when nothing is answered). */
  precision: number;
}

/** When no threshold reaches the target, 1: the classifier answers only when it is certain. */
export function chooseThreshold(predictions: readonly ConfidentPrediction[], targetPrecision: number): OperatingPoint {
  const answered = predictions.filter((p) => p.answers).sort((a, b) => b.probability - a.probability);
  let best = 1;
  let correct = 0;
  for (let i = 0; i < answered.length; i++) {
    const current = answered[i] as ConfidentPrediction;
    if (current.correct) correct++;
    // Only cut between different probabilities: a threshold cannot split ties.
    const tieFollows = answered[i + 1]?.probability === current.probability;
    if (!tieFollows && correct / (i + 1) >= targetPrecision) best = current.probability;
  }
  return operatingPoint(predictions, best);
}

export function operatingPoint(predictions: readonly ConfidentPrediction[], threshold: number): OperatingPoint {
  const answered = predictions.filter((p) => p.answers && p.probability >= threshold);
  const correct = answered.filter((p) => p.correct).length;
  return { threshold, coverage: predictions.length === 0 ? 0 : answered.length / predictions.length, precision: answered.length === 0 ? 1 : correct / answered.length };
}
