// A replay's answer: how many tickets would differ in each decision, and a row per ticket that
// would, with recorded → replayed for each decision that changed. The number opens the ticket.
import type { ReplayReport } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { ticketPagePath } from '../tickets/ticket-filters.ts';
import { formatTime } from '../ui/labels.ts';
import { dimensionLabels, replayDimensions } from './replay-range.ts';

export function ReplayResults({ report }: { report: ReplayReport }) {
  return (
    <>
      <section aria-labelledby="replay-totals-title">
        <h2 id="replay-totals-title">Totals</h2>
        <p>
          {report.replayed} of {report.tickets} tickets replayed; <strong>{report.differing}</strong> would be handled differently.
        </p>
        <dl className="replay-totals">
          {replayDimensions.map((dimension) => (
            <div key={dimension} data-dimension={dimension}>
              <dt>{dimensionLabels[dimension]}</dt>
              <dd>{report.totals[dimension]}</dd>
            </div>
          ))}
          <div data-dimension="model_needed">
            <dt>Model needed</dt>
            <dd>{report.totals.model_needed}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="replay-rows-title">
        <h2 id="replay-rows-title">Tickets that differ</h2>
        {report.rows.length === 0 ? <p className="empty">No ticket would be handled differently.</p> : <DifferenceTable report={report} />}
      </section>
    </>
  );
}

function DifferenceTable({ report }: { report: ReplayReport }) {
  return (
    <div className="ticket-table-wrap" role="region" aria-label="Tickets that differ" tabIndex={0}>
      <table className="ticket-table replay-table">
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Created</th>
            {replayDimensions.map((dimension) => (
              <th key={dimension} scope="col">
                {dimensionLabels[dimension]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.ticket_id} data-ticket={row.number}>
              <th scope="row">
                <Link to={ticketPagePath(row.number)} className="ticket-number">
                  {row.number}
                </Link>
                {row.model_needed ? <span className="badge replay-model-needed">model needed</span> : null}
              </th>
              <td>
                <time dateTime={row.created_at}>{formatTime(row.created_at)}</time>
              </td>
              {replayDimensions.map((dimension) => {
                const difference = row.differences.find((d) => d.dimension === dimension);
                return (
                  <td key={dimension} data-dimension={dimension}>
                    {difference ? (
                      <>
                        <del>{difference.recorded}</del> → <ins>{difference.replayed}</ins>
                      </>
                    ) : (
                      <span className="muted">same</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
