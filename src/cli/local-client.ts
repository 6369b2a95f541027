// The client over an in-process Switchboard: the CLI acts on the database like any other process.
import { approvalAnalytics } from '../app/approval-analytics.ts';
import { defaultProjectId, type Switchboard } from '../app/switchboard.ts';
import type { SwitchboardClient } from './client.ts';

export function localClient(sb: Switchboard, projectId = defaultProjectId): SwitchboardClient {
  return {
    respond: (ref, decision) => sb.chat.decideByRef(projectId, ref, decision),
    tickets: (filter) => sb.tickets.list(projectId, filter),
    ticket: (ref) => sb.tickets.detail(projectId, ref),
    assignTicket: (ref, assignee, by) => sb.ticketAssignments.assign(projectId, ref, assignee, by),
    tasks: (filter) => sb.tasks.list(projectId, filter),
    deliveries: (filter) => sb.deliveries.list(projectId, filter),
    redeliver: (id, by) => sb.deliveries.redeliver(projectId, id, by),
    redeliverDead: (by, destination) => sb.deliveries.redeliverDead(projectId, by, destination),
    approvalAnalytics: (request) => approvalAnalytics({ db: sb.db, clock: sb.clock, policies: sb.policies }, projectId, request),
    close: () => sb.close(),
  };
}
