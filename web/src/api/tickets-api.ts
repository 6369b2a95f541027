// The ticket page's one change: who has the ticket.
import type { ApiClient } from './client.ts';
import { ticketPath } from './tasks-api.ts';
import type { Ticket } from './types.ts';

/** Gives the ticket to a person, or to nobody (null). */
export function assignTicket(api: ApiClient, ticketId: string, assignee: string | null): Promise<Ticket> {
  return api.put<Ticket>(`${ticketPath(ticketId)}/assignee`, { assignee });
}
