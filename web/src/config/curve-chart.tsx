// The coverage / precision curve drawn by hand in SVG: coverage across, precision up (from a floor
// near the data to 100%), the target as a dashed line and the threshold in force as a marked point.
// One image with a summary for screen readers; the figures are in the table beside it.
import type { OperatingPoint } from '../api/types.ts';
import { share } from '../numbers/chart-scale.ts';
import { formatRate } from '../numbers/format-figures.ts';
import { formatThreshold, type CurveSpec } from './calibration-chart.ts';

const width = 560;
const height = 240;
const plot = { left: 56, right: 24, top: 16, bottom: 40 };
const plotWidth = width - plot.left - plot.right;
const plotHeight = height - plot.top - plot.bottom;
const baseline = plot.top + plotHeight;
const coverageTicks = [0, 0.25, 0.5, 0.75, 1];

export function CurveChart({ spec }: { spec: CurveSpec }) {
  const x = (coverage: number) => plot.left + share(coverage, 1) * plotWidth;
  const y = (precision: number) => baseline - share(precision - spec.precisionFloor, 1 - spec.precisionFloor) * plotHeight;
  return (
    <svg className="curve-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={spec.summary}>
      <PrecisionAxis floor={spec.precisionFloor} y={y} />
      <CoverageAxis x={x} />
      <line className="curve-target" x1={plot.left} x2={width - plot.right} y1={y(spec.targetPrecision)} y2={y(spec.targetPrecision)} />
      <polyline className="curve-line" points={spec.points.map((point) => `${x(point.coverage)},${y(point.precision)}`).join(' ')} />
      {spec.marked ? <ThresholdMark point={spec.marked} threshold={spec.threshold} x={x(spec.marked.coverage)} y={y(spec.marked.precision)} /> : null}
    </svg>
  );
}

function PrecisionAxis({ floor, y }: { floor: number; y: (precision: number) => number }) {
  const ticks = [floor, (floor + 1) / 2, 1];
  return (
    <g className="chart-axis">
      {ticks.map((tick) => (
        <g key={tick}>
          <line className="chart-grid" x1={plot.left} x2={width - plot.right} y1={y(tick)} y2={y(tick)} />
          <text x={plot.left - 8} y={y(tick) + 4} textAnchor="end">
            {formatRate(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

function CoverageAxis({ x }: { x: (coverage: number) => number }) {
  return (
    <g className="chart-axis">
      {coverageTicks.map((tick) => (
        <text key={tick} x={x(tick)} y={baseline + 18} textAnchor="middle">
          {formatRate(tick)}
        </text>
      ))}
      <text x={plot.left + plotWidth / 2} y={height - 4} textAnchor="middle">
        Coverage (share of messages answered)
      </text>
    </g>
  );
}

function ThresholdMark({ point, threshold, x, y }: { point: OperatingPoint; threshold: number; x: number; y: number }) {
  const label = `threshold ${formatThreshold(threshold)}`;
  return (
    <g className="curve-threshold" data-threshold={threshold}>
      <line x1={x} x2={x} y1={plot.top} y2={baseline} />
      <circle cx={x} cy={y} r={5}>
        <title>{`${label}: ${formatRate(point.coverage)} coverage, ${formatRate(point.precision)} precision`}</title>
      </circle>
      <text x={x - 6} y={plot.top + 12} textAnchor="end">
        {label}
      </text>
    </g>
  );
}
