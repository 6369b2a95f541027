// The replay report as text: a table of the tickets that differ (recorded → replayed per decision)
// with the totals, or CSV with one line per difference. Pure formatters; the command prints.
import type { ReplayReport, ReplayRow } from '../replay/replay.ts';
import { replayDimensions, type ReplayDimension } from '../replay/ticket-decisions.ts';
import { formatTable, shortTime, type Column } from './output.ts';

const dimensionLabels: Record<ReplayDimension, string> = { route: 'route', category: 'category', gate: 'gate', auto_resolution: 'auto-resolved', escalation: 'escalation' };

export function replayTable(report: ReplayReport): string[] {
  // Columns without a difference are empty: a line's end is trimmed rather than padded.
  const rows = report.rows.length === 0 ? ['No ticket would be handled differently.'] : formatTable(tableColumns, report.rows).map((line) => line.trimEnd());
  return [...rows, '', replayTotalsLine(report), ...report.skipped.map((s) => `skipped ${s.number}: ${s.reason}`)];
}

export function replayTotalsLine(report: ReplayReport): string {
  const { totals } = report;
  const perDimension = replayDimensions.map((d) => `${dimensionLabels[d]} ${totals[d]}`).join(', ');
  return `Replayed ${report.replayed} of ${report.tickets} tickets: ${report.differing} differ (${perDimension}); model needed for ${totals.model_needed}.`;
}

const tableColumns: readonly Column<ReplayRow>[] = [
  { header: 'ticket', cell: (row) => row.number },
  { header: 'created', cell: (row) => shortTime(row.created_at) },
  ...replayDimensions.map((dimension) => ({ header: dimensionLabels[dimension], cell: (row: ReplayRow) => changeOf(row, dimension) })),
  { header: 'model', cell: (row) => (row.model_needed ? 'needed' : '') },
];

function changeOf(row: ReplayRow, dimension: ReplayDimension): string {
  const difference = row.differences.find((d) => d.dimension === dimension);
  return difference ? `${difference.recorded} → ${difference.replayed}` : '';
}

/** One line per difference; a ticket that only needed the model has one line with no dimension. */
export function replayCsv(report: ReplayReport): string[] {
  const header = ['ticket', 'ticket_id', 'created_at', 'dimension', 'recorded', 'replayed', 'model_needed'];
  const lines = report.rows.flatMap((row) => {
    const base = [row.number, row.ticket_id, row.created_at];
    const needed = String(row.model_needed);
    if (row.differences.length === 0) return [[...base, '', '', '', needed]];
    return row.differences.map((d) => [...base, d.dimension, d.recorded, d.replayed, needed]);
  });
  return [header, ...lines].map((fields) => fields.map(csvField).join(','));
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
