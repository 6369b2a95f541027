// Why reviewers said no, per tool: the most frequent reasons as the API normalised them.
import type { ApprovalAnalytics } from '../api/types.ts';
import { formatCount } from '../numbers/format-figures.ts';

export function RejectionReasons({ tools }: { tools: ApprovalAnalytics['tools'] }) {
  const rows = tools.flatMap((tool) => tool.rejection_reasons.map((reason) => ({ tool: tool.tool, ...reason })));
  if (rows.length === 0) return <p className="empty">No rejections in this range.</p>;
  return (
    <div className="table-scroll approvals-table-scroll">
      <table className="figures-table approvals-table">
        <caption>Most frequent rejection reasons per tool</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Reason</th>
            <th scope="col" className="number">
              Rejections
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.tool}\n${row.reason ?? ''}`}>
              <th scope="row">{row.tool}</th>
              <td>{row.reason ?? <span className="muted">No reason given</span>}</td>
              <td className="number">{formatCount(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
