// What a chart shows, as data: its bars (a day or a category each), the series stacked or set side by
// side in them, a summary sentence for screen readers, and the exact figures as a table.

export type Tone = 'blue' | 'amber' | 'green' | 'red' | 'grey' | 'purple';

export interface ChartSeries {
  label: string;
  tone: Tone;
}

export interface ChartBar {
  key: string;
  /** Under the bar: a short day or a category. */
  label: string;
  /** One value per series, in the series' order. */
  values: readonly number[];
}

export interface TableRow {
  key: string;
  header: string;
  /** A day's row carries its date, so the cell is a <time>. */
  dateTime?: string | undefined;
  cells: readonly string[];
}

export interface ChartSpec {
  title: string;
  /** One or two sentences saying what the picture shows (its accessible name). */
  summary: string;
  layout: 'stacked' | 'grouped';
  series: readonly ChartSeries[];
  bars: readonly ChartBar[];
  /** How the value axis reads: counts, durations … */
  formatValue: (value: number) => string;
  /** Counts: the axis shows no half steps. */
  wholeNumbers: boolean;
  table: { head: readonly string[]; rows: readonly TableRow[] };
}

/** The tallest bar: the sum of a stack, or the tallest of a group. */
export function barHeight(bar: ChartBar, layout: ChartSpec['layout']): number {
  const values = bar.values.map((value) => (Number.isFinite(value) && value > 0 ? value : 0));
  return layout === 'stacked' ? values.reduce((sum, value) => sum + value, 0) : Math.max(0, ...values);
}

/** "Busiest: 11 Mar, 4 tickets." — or that no bar has anything. */
export function peakSentence(bars: readonly ChartBar[], layout: ChartSpec['layout'], describe: (bar: ChartBar, height: number) => string, nothing: string): string {
  let peak: { bar: ChartBar; height: number } | null = null;
  for (const bar of bars) {
    const height = barHeight(bar, layout);
    if (height > 0 && (peak === null || height > peak.height)) peak = { bar, height };
  }
  return peak ? describe(peak.bar, peak.height) : nothing;
}
