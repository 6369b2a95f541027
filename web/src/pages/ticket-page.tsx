// One ticket: where it stands, the automation's summary, the conversation, and seed 000's trace
// timeline of runs, steps, tool calls and human decisions. A new message, step or decision appears
// by itself.
import { ticketPath } from '../api/tasks-api.ts';
import type { LiveEvent, TicketDetail } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { Conversation } from '../inbox/conversation.tsx';
import { useLiveEvents } from '../live/use-live-events.ts';
import { Link } from '../router/link.tsx';
import type { Params } from '../router/match-path.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TicketHeader } from '../tickets/ticket-header.tsx';
import { TicketSummary } from '../tickets/ticket-summary.tsx';
import { TraceTimeline } from '../tickets/trace-timeline.tsx';
import '../tickets/tickets.css';

export function TicketPage({ params }: { params: Params }) {
  const ref = params['ticketId'] ?? '';
  const { data: ticket, error, reload } = useGet<TicketDetail>(ticketPath(ref));
  useLiveEvents((event) => ticket !== undefined && concerns(ticket, event), reload);
  return (
    <section className="page ticket-page" aria-labelledby={ticket ? 'ticket-title' : undefined} aria-label={ticket ? undefined : `Ticket ${ref}`}>
      <p className="back">
        <Link to="/tickets">← Back to tickets</Link>
      </p>
      <ErrorNotice error={error} />
      {ticket ? (
        <>
          <TicketHeader ticket={ticket} onAssigned={reload} />
          <TicketSummary ticket={ticket} />
          <Conversation messages={ticket.messages} />
          <TraceTimeline ticket={ticket} />
        </>
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

/** Events carry the ticket's id, but a task event only the task's: one of this ticket's tasks, or a
 * task just opened that may be its new one. */
function concerns(ticket: TicketDetail, event: LiveEvent): boolean {
  if (event.type !== 'task') return event.ticketId === ticket.id;
  return ticket.human_tasks.some((task) => task.id === event.taskId) || event.status === 'pending' || event.status === 'assigned';
}
