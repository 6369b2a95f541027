// A ticket is one conversation with one customer.
import { canTransition } from './transitions.ts';

export const ticketStatuses = ['new', 'in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

const ticketTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'resolved', 'closed'],
  in_progress: ['in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'resolved', 'closed'],
  awaiting_customer: ['in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'resolved', 'closed'],
  awaiting_approval: ['in_progress', 'awaiting_customer', 'with_human', 'resolved', 'closed'],
  with_human: ['in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'resolved', 'closed'],
  resolved: ['in_progress', 'awaiting_customer', 'awaiting_approval', 'with_human', 'closed'],
  closed: ['in_progress'],
};

export function canMoveTicket(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || canTransition(ticketTransitions, from, to);
}

export const priorities = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof priorities)[number];

/** Higher rank sorts first in the inbox. */
export function priorityRank(priority: Priority): number {
  return priorities.indexOf(priority);
}

export const messageRoles = ['customer', 'assistant', 'reviewer', 'system'] as const;
export type MessageRole = (typeof messageRoles)[number];
