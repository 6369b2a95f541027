// The chart per ticket category: each category's tickets, auto-resolved or not, with its approvals,
// handoffs, SLA breaches and model cost in the table.
import type { ProjectStats, StatsFigures } from '../api/types.ts';
import { peakSentence, type ChartSpec } from './chart-spec.ts';
import { notAutoResolved, ticketSeries } from './day-charts.ts';
import { formatCost, formatCount, formatRate } from './format-figures.ts';

type Category = StatsFigures & { category: string | null };

export function categoryName(category: string | null): string {
  return category ?? 'Not categorised';
}

export function categoryChart(stats: ProjectStats): ChartSpec {
  const chartBars = stats.categories.map((row) => ({ key: row.category ?? '', label: categoryName(row.category), values: [row.auto_resolved, notAutoResolved(row)] }));
  return {
    title: 'Tickets per category',
    summary: `Tickets per category: ${stats.categories.map((row) => `${categoryName(row.category)} ${formatCount(row.tickets)}`).join(', ') || 'none'}.${peakSentence(chartBars, 'stacked', (bar, height) => ` Most: ${bar.label}, ${formatCount(height)} tickets.`, '')}`,
    layout: 'stacked',
    series: ticketSeries,
    bars: chartBars,
    formatValue: formatCount,
    wholeNumbers: true,
    table: {
      head: ['Category', 'Tickets', 'Auto-resolved', 'Auto-resolution rate', 'Approvals asked', 'Approval rate', 'Handoffs', 'SLA breaches', 'Model cost'],
      rows: stats.categories.map((row) => ({ key: row.category ?? '', header: categoryName(row.category), cells: cells(row) })),
    },
  };
}

function cells(row: Category): string[] {
  return [
    formatCount(row.tickets),
    formatCount(row.auto_resolved),
    formatRate(row.auto_resolution_rate),
    formatCount(row.approvals_requested),
    formatRate(row.approval_rate),
    formatCount(row.handoffs),
    formatCount(row.sla_breaches),
    formatCost(row.cost_usd),
  ];
}
