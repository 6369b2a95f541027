// One ticket: the conversation and the trace timeline (seed 000).
import type { Params } from '../router/match-path.ts';
import { ComingSoon } from '../ui/coming-soon.tsx';

export function TicketPage({ params }: { params: Params }) {
  return <ComingSoon title={`Ticket ${params['ticketId'] ?? ''}`} what="the conversation and the trace timeline of runs, steps, tool calls and decisions." />;
}
