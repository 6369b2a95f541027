// Chooses the confidence below which the classifier says "unknown": the lowest threshold whose
// answered messages reach the target precision, measured on out-of-fold predictions. The coverage /
// precision curve it picks from is what `switchboard classifier calibrate` and the dashboard show.

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

/** The point that reaches the target precision with the most coverage, or null when none does. */
export function bestOperatingPoint(curve: readonly OperatingPoint[], targetPrecision: number): OperatingPoint | null {
  return curve.findLast((point) => point.precision >= targetPrecision) ?? null;
}

/**
 * Coverage and precision at every threshold worth trying: one point per distinct confidence of an
 * answered message, highest threshold first, so coverage grows strictly along the curve.
 */
export function coverageCurve(predictions: readonly ConfidentPrediction[]): OperatingPoint[] {
  const answered = predictions.filter((p) => p.answers).sort((a, b) => b.probability - a.probability);
  const curve: OperatingPoint[] = [];
  let correct = 0;
  for (let i = 0; i < answered.length; i++) {
    const current = answered[i] as ConfidentPrediction;
    if (current.correct) correct++;
    // Only cut between different probabilities: a threshold cannot split ties.
    if (answered[i + 1]?.probability === current.probability) continue;
    curve.push({ threshold: current.probability, coverage: (i + 1) / predictions.length, precision: correct / (i + 1) });
  }
  return curve;
}

export function operatingPoint(predictions: readonly ConfidentPrediction[], threshold: number): OperatingPoint {
  const answered = predictions.filter((p) => p.answers && p.probability >= threshold);
  const correct = answered.filter((p) => p.correct).length;
  return { threshold, coverage: predictions.length === 0 ? 0 : answered.length / predictions.length, precision: answered.length === 0 ? 1 : correct / answered.length };
}
