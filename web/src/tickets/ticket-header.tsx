// The top of a ticket's page: its number, where it stands, and who it is with.
import type { TicketDetail } from '../api/types.ts';
import { formatTime } from '../ui/labels.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { TicketAssignee } from './ticket-assignee.tsx';
import { ticketStatusLabel } from './ticket-labels.ts';

export function TicketHeader({ ticket, onAssigned }: { ticket: TicketDetail; onAssigned: () => void }) {
  return (
    <header className="page-header ticket-header">
      <h1 id="ticket-title">Ticket #{ticket.number} trace</h1>
      <div className="ticket-facts">
        <span className={`badge ticket-status status-${ticket.status}`}>{ticketStatusLabel[ticket.status]}</span>
        <PriorityBadge priority={ticket.priority} />
        {ticket.category ? <span className="badge">{ticket.category}</span> : null}
        <span className="muted">
          {ticket.customer_email ?? 'No customer email'} · updated {formatTime(ticket.updated_at)}
        </span>
      </div>
      <p className="ticket-subject">{ticket.subject}</p>
      <TicketAssignee ticket={ticket} onAssigned={onAssigned} />
    </header>
  );
}
