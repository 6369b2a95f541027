// A chart drawn by hand in SVG: one bar per day or category, its series stacked or side by side,
// a value axis with a round top, and every slot kept (a quiet day shows a zero mark, never a gap).
// The picture is one image with a summary for screen readers; the figures are in the table beside it.
import { barHeight, type ChartBar, type ChartSpec } from './chart-spec.ts';
import { niceTop, share } from './chart-scale.ts';

const width = 560;
const height = 200;
const plot = { left: 56, right: 8, top: 12, bottom: 28 };
const plotWidth = width - plot.left - plot.right;
const plotHeight = height - plot.top - plot.bottom;
const baseline = plot.top + plotHeight;

export function BarChart({ spec }: { spec: ChartSpec }) {
  const top = axisTop(spec);
  const slot = plotWidth / Math.max(1, spec.bars.length);
  return (
    <svg className="bar-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={spec.summary}>
      <ValueAxis top={top} spec={spec} />
      {spec.bars.map((bar, index) => (
        <g key={bar.key}>{spec.layout === 'stacked' ? <Stack bar={bar} spec={spec} x={plot.left + index * slot} slot={slot} top={top} /> : <Group bar={bar} spec={spec} x={plot.left + index * slot} slot={slot} top={top} />}</g>
      ))}
      <BarLabels bars={spec.bars} slot={slot} />
    </svg>
  );
}

function axisTop(spec: ChartSpec): number {
  const top = niceTop(Math.max(0, ...spec.bars.map((bar) => barHeight(bar, spec.layout))));
  return spec.wholeNumbers ? Math.max(2, Math.ceil(top)) : top;
}

function ValueAxis({ top, spec }: { top: number; spec: ChartSpec }) {
  const middle = top / 2;
  const ticks = spec.wholeNumbers && !Number.isInteger(middle) ? [0, top] : [0, middle, top];
  return (
    <g className="chart-axis">
      {ticks.map((tick) => {
        const y = baseline - share(tick, top) * plotHeight;
        return (
          <g key={tick}>
            <line className="chart-grid" x1={plot.left} x2={width - plot.right} y1={y} y2={y} />
            <text x={plot.left - 8} y={y + 4} textAnchor="end">
              {spec.formatValue(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

interface BarProps {
  bar: ChartBar;
  spec: ChartSpec;
  x: number;
  slot: number;
  top: number;
}

function Stack({ bar, spec, x, slot, top }: BarProps) {
  const barWidth = Math.max(1, slot * 0.7);
  const left = x + (slot - barWidth) / 2;
  if (barHeight(bar, 'stacked') === 0) return <ZeroMark x={left} width={barWidth} bar={bar} />;
  const sizes = bar.values.map((value) => (value > 0 ? share(value, top) * plotHeight : 0));
  const tops = sizes.map((_, index) => baseline - sizes.slice(0, index + 1).reduce((sum, size) => sum + size, 0));
  return spec.series.map((series, index) => {
    const value = bar.values[index] ?? 0;
    if (!(value > 0)) return null;
    return (
      <rect key={series.label} className={`tone-${series.tone}`} x={left} y={tops[index]} width={barWidth} height={sizes[index]}>
        <title>{`${bar.label} · ${series.label}: ${spec.formatValue(value)}`}</title>
      </rect>
    );
  });
}

function Group({ bar, spec, x, slot, top }: BarProps) {
  const each = Math.max(1, (slot * 0.8) / Math.max(1, spec.series.length));
  const left = x + slot * 0.1;
  if (barHeight(bar, 'grouped') === 0) return <ZeroMark x={left} width={each * spec.series.length} bar={bar} />;
  return spec.series.map((series, index) => {
    const value = bar.values[index] ?? 0;
    const size = value > 0 ? share(value, top) * plotHeight : 0;
    return (
      <rect key={series.label} className={`tone-${series.tone}`} x={left + index * each} y={baseline - size} width={each} height={size}>
        <title>{`${bar.label} · ${series.label}: ${spec.formatValue(value)}`}</title>
      </rect>
    );
  });
}

/** A quiet day or category: a thin mark on the baseline, so zero reads as zero and not as missing. */
function ZeroMark({ x, width: markWidth, bar }: { x: number; width: number; bar: ChartBar }) {
  return (
    <rect className="chart-zero" x={x} y={baseline - 1.5} width={markWidth} height={1.5}>
      <title>{`${bar.label}: none`}</title>
    </rect>
  );
}

/** Every label when they fit, else every few (the first always); long ones are cut to their slot. */
function BarLabels({ bars, slot }: { bars: readonly ChartBar[]; slot: number }) {
  const every = Math.max(1, Math.ceil(bars.length / 7));
  const shown = Math.max(1, every * slot);
  const maxChars = Math.max(3, Math.floor(shown / 8));
  return (
    <g className="chart-axis">
      {bars.map((bar, index) =>
        index % every === 0 ? (
          <text key={bar.key} x={plot.left + index * slot + slot / 2} y={height - 8} textAnchor="middle">
            {bar.label.length > maxChars ? `${bar.label.slice(0, maxChars - 1)}…` : bar.label}
          </text>
        ) : null,
      )}
    </g>
  );
}
