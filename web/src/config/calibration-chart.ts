// What the classifier's calibration chart shows, as data: precision against coverage out of fold,
// the target precision, and the threshold in force marked on the curve; the points as a table.
import type { ClassifierCalibration, OperatingPoint } from '../api/types.ts';
import type { FigureParts } from '../numbers/chart-figure.tsx';
import { formatCount, formatRate } from '../numbers/format-figures.ts';

export interface CurveSpec extends FigureParts {
  /** The picture's accessible name. */
  summary: string;
  points: readonly OperatingPoint[];
  targetPrecision: number;
  /** The point of the curve the threshold in force answers at; null when it is above every point. */
  marked: OperatingPoint | null;
  threshold: number;
  /** The precision axis starts here (a round step below the lowest precision and the target) and ends at 100%. */
  precisionFloor: number;
}

export function calibrationChart(calibration: ClassifierCalibration): CurveSpec {
  const marked = calibration.points.findLast((point) => point.threshold >= calibration.threshold) ?? null;
  return {
    title: 'Precision against coverage, out of fold',
    summary: summaryOf(calibration, marked),
    series: [
      { label: 'Precision when answering that share of messages', tone: 'blue' },
      { label: `Target precision (${formatRate(calibration.targetPrecision)})`, tone: 'amber' },
      { label: `Threshold in force (${formatThreshold(calibration.threshold)})`, tone: 'red' },
    ],
    points: calibration.points,
    targetPrecision: calibration.targetPrecision,
    marked,
    threshold: calibration.threshold,
    precisionFloor: floorOf(calibration),
    table: {
      head: ['Threshold', 'Coverage', 'Precision'],
      rows: calibration.points.map((point) => ({
        key: String(point.threshold),
        header: point === marked ? `${formatThreshold(point.threshold)} (in force)` : formatThreshold(point.threshold),
        cells: [formatRate(point.coverage), formatRate(point.precision)],
      })),
    },
  };
}

export function formatThreshold(threshold: number): string {
  return threshold.toFixed(3);
}

function summaryOf(calibration: ClassifierCalibration, marked: OperatingPoint | null): string {
  const measured = `Precision against coverage over ${formatCount(calibration.examples)} labelled examples in ${calibration.folds}-fold cross-validation.`;
  const atThreshold = marked
    ? ` At the threshold in force, ${formatThreshold(calibration.threshold)}, the classifier answers ${formatRate(marked.coverage)} of messages with ${formatRate(marked.precision)} precision (target ${formatRate(calibration.targetPrecision)}).`
    : ` The threshold in force, ${formatThreshold(calibration.threshold)}, is above every measured confidence: the classifier answers nothing by itself.`;
  const everything = calibration.points.at(-1);
  return `${measured}${atThreshold}${everything ? ` Answering ${formatRate(everything.coverage)}: ${formatRate(everything.precision)} precision.` : ''}`;
}

/** Precision rarely falls far: starting the axis near the data keeps the curve readable. */
function floorOf(calibration: ClassifierCalibration): number {
  const lowest = Math.min(calibration.targetPrecision, ...calibration.points.map((point) => point.precision));
  return Math.max(0, Math.floor(lowest * 20) / 20 - 0.05);
}
