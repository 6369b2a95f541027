// The tickets as a table, newest first: the number opens the ticket and its trace.
import type { Ticket } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { formatTime } from '../ui/labels.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { ticketPagePath } from './ticket-filters.ts';
import { ticketStatusLabel } from './ticket-labels.ts';

export function TicketTable({ tickets }: { tickets: readonly Ticket[] }) {
  return (
    // Focusable so that a narrow window's sideways scroll works from the keyboard too.
    <div className="ticket-table-wrap" role="region" aria-label="Tickets table" tabIndex={0}>
      <table className="ticket-table">
        <caption className="ticket-table-caption">Tickets, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Subject</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Category</th>
            <th scope="col">Priority</th>
            <th scope="col">Assignee</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TicketRow({ ticket }: { ticket: Ticket }) {
  return (
    <tr data-ticket={ticket.number}>
      <th scope="row">
        <Link to={ticketPagePath(ticket.number)} className="ticket-number">
          {ticket.number}
        </Link>
      </th>
      <td className="ticket-subject-cell">{ticket.subject}</td>
      <td>{ticket.customer_email ?? <span className="muted">—</span>}</td>
      <td>
        <span className={`badge ticket-status status-${ticket.status}`}>{ticketStatusLabel[ticket.status]}</span>
      </td>
      <td>{ticket.category ?? <span className="muted">—</span>}</td>
      <td>
        <PriorityBadge priority={ticket.priority} />
      </td>
      <td>{ticket.assignee ?? <span className="muted">—</span>}</td>
      <td>
        <time dateTime={ticket.updated_at}>{formatTime(ticket.updated_at)}</time>
      </td>
    </tr>
  );
}
