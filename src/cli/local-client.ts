// The client over an in-process Switchboard: the CLI acts on the database like any other process.
import { defaultProjectId, type Switchboard } from '../app/switchboard.ts';
import type { SwitchboardClient } from './client.ts';

export function localClient(sb: Switchboard, projectId = defaultProjectId): SwitchboardClient {
  return {
    respond: (ref, decision) => sb.chat.decideByRef(projectId, ref, decision),
    tickets: (filter) => sb.tickets.list(projectId, filter),
    ticket: (ref) => sb.tickets.detail(projectId, ref),
    tasks: (filter) => sb.tasks.list(projectId, filter),
    deliveries: (filter) => sb.deliveries.list(projectId, filter),
    redeliver: (id, by) => sb.deliveries.redeliver(projectId, id, by),
    redeliverDead: (by, destination) => sb.deliveries.redeliverDead(projectId, by, destination),
    close: () => sb.close(),
  };
}
