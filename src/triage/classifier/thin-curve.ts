// Shortens a coverage / precision curve for a chart, a terminal table or the saved model: points
// evenly spaced along the curve, always with both ends and the chosen threshold.
import type { OperatingPoint } from './threshold.ts';

export function thinCurve(curve: readonly OperatingPoint[], maxPoints: number, keep: OperatingPoint | null = null): OperatingPoint[] {
  if (curve.length <= maxPoints) return [...curve];
  const last = curve.length - 1;
  const indices = new Set(Array.from({ length: maxPoints }, (_, k) => Math.round((k * last) / (maxPoints - 1))));
  const kept = keep === null ? -1 : curve.findIndex((point) => point.threshold === keep.threshold);
  if (kept >= 0) indices.add(kept);
  return [...indices].sort((a, b) => a - b).map((index) => curve[index] as OperatingPoint);
}
