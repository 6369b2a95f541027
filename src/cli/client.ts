// What the client commands (respond, tickets, trace, tasks) need from Switchboard. Two implementations
// answer it: the database directly (local-client.ts) or a running server over HTTP (http-client.ts).
import type { ApprovalAnalytics, ApprovalAnalyticsRequest } from '../app/approval-analytics.ts';
import type { ChatResult } from '../app/chat.ts';
import type { TaskFilter } from '../app/human-tasks.ts';
import type { TicketFilter } from '../app/ticket-queries.ts';
import type { HumanTaskView, TicketDetailView, TicketView } from '../app/views.ts';
import type { DeliveryFilter, DeliveryView } from '../app/outbox-deliveries.ts';

export interface Decision {
  approval: boolean;
  reason: string | null;
  respondedBy: string;
}

export interface SwitchboardClient {
  /** Approves or rejects what a thread, run or ticket (id or number) is waiting for. */
  respond(ref: string, decision: Decision): Promise<ChatResult>;
  tickets(filter: TicketFilter): Promise<TicketView[]>;
  /** A ticket by id, number (TKT-1001) or thread id, with its trace. */
  ticket(ref: string): Promise<TicketDetailView>;
  /** Gives the ticket to a person, or to nobody (null). */
  assignTicket(ref: string, assignee: string | null, by: string): Promise<TicketView>;
  tasks(filter: TaskFilter): Promise<HumanTaskView[]>;
  deliveries(filter: DeliveryFilter): Promise<DeliveryView[]>;
  redeliver(deliveryId: string, by: string): Promise<DeliveryView>;
  /** Every dead letter (of one destination) back in the queue; returns how many. */
  redeliverDead(by: string, destination?: string): Promise<number>;
  approvalAnalytics(request: ApprovalAnalyticsRequest): Promise<ApprovalAnalytics>;
  close(): Promise<void>;
}
