// What the classifier says about one message, and how a probability becomes an answer or "unknown".

export const unknownLabel = 'unknown';

export interface RankedLabel {
  label: string;
  probability: number;
}

export interface Prediction {
  /** The top label, or 'unknown' when its probability is below the threshold (or it is the out-of-scope class). */
  label: string;
  /** Calibrated probability of the top label, 0..1. */
  probability: number;
  /** The top label even when the answer is unknown. */
  best: string;
  /** The three most likely labels, most likely first. */
  ranked: RankedLabel[];
}

export interface LabelSpace {
  /** Every class the model scores, in model order; may include the out-of-scope class. */
  classes: readonly string[];
  /** Index of the out-of-scope class in classes, or -1. */
  outOfScope: number;
  threshold: number;
}

export function toPrediction(space: LabelSpace, probabilities: Float64Array): Prediction {
  const ranked = topClasses(probabilities, 3).map((k) => ({ label: space.classes[k] as string, probability: probabilities[k] as number }));
  const top = ranked[0] ?? { label: unknownLabel, probability: 0 };
  const answers = top.label !== space.classes[space.outOfScope] && top.probability >= space.threshold;
  return { label: answers ? top.label : unknownLabel, probability: top.probability, best: top.label, ranked };
}

/** Indices of the `count` highest values, highest first (ties keep class order). */
export function topClasses(values: Float64Array, count: number): number[] {
  const top: number[] = [];
  for (let k = 0; k < values.length; k++) {
    let at = top.length;
    while (at > 0 && (values[top[at - 1] as number] as number) < (values[k] as number)) at--;
    if (at < count) top.splice(at, 0, k);
    if (top.length > count) top.pop();
  }
  return top;
}
