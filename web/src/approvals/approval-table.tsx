// Approvals per tool or per tier: one row each, with its caption shown, every rate and wait as people
// read them and the exact API value in a <data> element.
import type { ApprovalFigures } from '../api/types.ts';
import { formatCount, formatRate, formatSeconds } from '../numbers/format-figures.ts';

export interface ApprovalRow {
  key: string;
  header: string;
  /** A second label column (the tool's tier), when the table has one. */
  label?: string;
  figures: ApprovalFigures;
}

interface Column {
  name: string;
  value: (figures: ApprovalFigures) => number | null;
  shown: (value: number | null) => string;
}

const count = (value: number | null) => formatCount(value ?? 0);

const columns: readonly Column[] = [
  { name: 'Requested', value: (f) => f.requested, shown: count },
  { name: 'Decided', value: (f) => f.decided, shown: count },
  { name: 'Approved', value: (f) => f.approved, shown: count },
  { name: 'Rejected', value: (f) => f.rejected, shown: count },
  { name: 'By deadline', value: (f) => f.decided_by_deadline.approved + f.decided_by_deadline.rejected, shown: count },
  { name: 'Approval rate', value: (f) => f.approval_rate, shown: formatRate },
  { name: 'Override rate', value: (f) => f.override_rate, shown: formatRate },
  { name: 'Decision p50', value: (f) => f.time_to_decision_seconds.p50, shown: formatSeconds },
  { name: 'Decision p90', value: (f) => f.time_to_decision_seconds.p90, shown: formatSeconds },
];

export function ApprovalTable({ caption, heads, rows }: { caption: string; heads: readonly string[]; rows: readonly ApprovalRow[] }) {
  return (
    <div className="table-scroll approvals-table-scroll">
      <table className="figures-table approvals-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {heads.map((head) => (
              <th key={head} scope="col">
                {head}
              </th>
            ))}
            {columns.map((column) => (
              <th key={column.name} scope="col" className="number">
                {column.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header}</th>
              {row.label === undefined ? null : <td>{row.label}</td>}
              {columns.map((column) => (
                <FigureCell key={column.name} column={column} figures={row.figures} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FigureCell({ column, figures }: { column: Column; figures: ApprovalFigures }) {
  const value = column.value(figures);
  return (
    <td className="number">
      <data value={value === null ? '' : String(value)}>{column.shown(value)}</data>
    </td>
  );
}
