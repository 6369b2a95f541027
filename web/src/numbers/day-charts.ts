// The charts per day: tickets (auto-resolved or not), approvals and handoffs, time to decision, and
// model tokens. Every day of the range has a bar and a table row, quiet days as zeros.
import type { ProjectStats, StatsFigures } from '../api/types.ts';
import { peakSentence, type ChartBar, type ChartSpec, type TableRow } from './chart-spec.ts';
import { formatCost, formatCount, formatDay, formatRate, formatSeconds } from './format-figures.ts';

type Day = StatsFigures & { date: string };

export function dayCharts(stats: ProjectStats): ChartSpec[] {
  return [ticketsPerDay(stats), approvalsPerDay(stats), decisionTimePerDay(stats), tokensPerDay(stats)];
}

/** Tickets that needed a person or are not finished: all the tickets the bot did not close alone. */
export function notAutoResolved(figures: StatsFigures): number {
  return Math.max(0, figures.tickets - figures.auto_resolved);
}

/** The two parts of a bar of tickets, per day or per category. */
export const ticketSeries: ChartSpec['series'] = [
  { label: 'Auto-resolved', tone: 'blue' },
  { label: 'Needed a person or still open', tone: 'amber' },
];

/** Approvals not approved nor rejected: still open, expired or cancelled. */
export function undecided(figures: StatsFigures): number {
  return Math.max(0, figures.approvals_requested - figures.approved - figures.rejected);
}

function span(stats: ProjectStats): string {
  return `${formatDay(stats.from, 'long')} to ${formatDay(stats.to, 'long')}`;
}

function bars(days: readonly Day[], values: (day: Day) => number[]): ChartBar[] {
  return days.map((day) => ({ key: day.date, label: formatDay(day.date), values: values(day) }));
}

function rows(days: readonly Day[], cells: (day: Day) => string[]): TableRow[] {
  return days.map((day) => ({ key: day.date, header: formatDay(day.date, 'long'), dateTime: day.date, cells: cells(day) }));
}

function busiest(unit: string) {
  return (bar: ChartBar, height: number) => ` Busiest day: ${bar.label}, ${formatCount(height)} ${unit}.`;
}

function ticketsPerDay(stats: ProjectStats): ChartSpec {
  const { totals } = stats;
  const chartBars = bars(stats.days, (day) => [day.auto_resolved, notAutoResolved(day)]);
  return {
    title: 'Tickets per day',
    summary: `Tickets per day, ${span(stats)}: ${formatCount(totals.tickets)} tickets, ${formatCount(totals.auto_resolved)} auto-resolved and ${formatCount(notAutoResolved(totals))} that needed a person or are still open.${peakSentence(chartBars, 'stacked', busiest('tickets'), '')}`,
    layout: 'stacked',
    series: ticketSeries,
    bars: chartBars,
    formatValue: formatCount,
    wholeNumbers: true,
    table: {
      head: ['Day', 'Tickets', 'Auto-resolved', 'Needed a person or still open', 'Auto-resolution rate'],
      rows: rows(stats.days, (day) => [formatCount(day.tickets), formatCount(day.auto_resolved), formatCount(notAutoResolved(day)), formatRate(day.auto_resolution_rate)]),
    },
  };
}

function approvalsPerDay(stats: ProjectStats): ChartSpec {
  const { totals } = stats;
  const chartBars = bars(stats.days, (day) => [day.approved, day.rejected, undecided(day), day.handoffs]);
  return {
    title: 'Approvals and handoffs per day',
    summary: `Approvals and handoffs per day, ${span(stats)}: ${formatCount(totals.approvals_requested)} approvals asked (${formatCount(totals.approved)} approved, ${formatCount(totals.rejected)} rejected, ${formatCount(undecided(totals))} not decided) and ${formatCount(totals.handoffs)} handoffs.${peakSentence(chartBars, 'stacked', busiest('tasks'), '')}`,
    layout: 'stacked',
    series: [
      { label: 'Approved', tone: 'green' },
      { label: 'Rejected', tone: 'red' },
      { label: 'Not decided', tone: 'grey' },
      { label: 'Handoffs', tone: 'purple' },
    ],
    bars: chartBars,
    formatValue: formatCount,
    wholeNumbers: true,
    table: {
      head: ['Day', 'Approvals asked', 'Approved', 'Rejected', 'Not decided', 'Handoffs', 'SLA breaches'],
      rows: rows(stats.days, (day) => [day.approvals_requested, day.approved, day.rejected, undecided(day), day.handoffs, day.sla_breaches].map(formatCount)),
    },
  };
}

function decisionTimePerDay(stats: ProjectStats): ChartSpec {
  const { time_to_decision_seconds: time } = stats.totals;
  const chartBars = bars(stats.days, (day) => [day.time_to_decision_seconds.median ?? 0, day.time_to_decision_seconds.p90 ?? 0]);
  const overall = time.decisions === 0 ? 'no approval was decided.' : `${formatCount(time.decisions)} decisions, median ${formatSeconds(time.median)}, 90th percentile ${formatSeconds(time.p90)}.`;
  return {
    title: 'Time to decision per day',
    summary: `Time from an approval request to its decision, per day, ${span(stats)}: ${overall}${peakSentence(chartBars, 'grouped', (bar, height) => ` Slowest day: ${bar.label}, up to ${formatSeconds(height)}.`, '')}`,
    layout: 'grouped',
    series: [
      { label: 'Median', tone: 'blue' },
      { label: '90th percentile', tone: 'amber' },
    ],
    bars: chartBars,
    formatValue: formatSeconds,
    wholeNumbers: false,
    table: {
      head: ['Day', 'Decisions', 'Median', '90th percentile'],
      rows: rows(stats.days, (day) => [formatCount(day.time_to_decision_seconds.decisions), formatSeconds(day.time_to_decision_seconds.median), formatSeconds(day.time_to_decision_seconds.p90)]),
    },
  };
}

function tokensPerDay(stats: ProjectStats): ChartSpec {
  const { totals } = stats;
  const chartBars = bars(stats.days, (day) => [day.tokens_in, day.tokens_out]);
  return {
    title: 'Model tokens per day',
    summary: `Model tokens per day, ${span(stats)}: ${formatCount(totals.tokens_in)} in and ${formatCount(totals.tokens_out)} out, costing ${formatCost(totals.cost_usd)}.${peakSentence(chartBars, 'stacked', busiest('tokens'), ' No model was called.')}`,
    layout: 'stacked',
    series: [
      { label: 'Tokens in', tone: 'purple' },
      { label: 'Tokens out', tone: 'amber' },
    ],
    bars: chartBars,
    formatValue: formatCount,
    wholeNumbers: true,
    table: {
      head: ['Day', 'Tokens in', 'Tokens out', 'Cost'],
      rows: rows(stats.days, (day) => [formatCount(day.tokens_in), formatCount(day.tokens_out), formatCost(day.cost_usd)]),
    },
  };
}
