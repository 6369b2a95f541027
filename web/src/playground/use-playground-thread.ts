// One playground thread as the page shows it: its status and messages (the chat's own view), its
// ticket (for the ticket id that live events carry, and its runs), and the path of its latest run.
// Any step, run, message or task event of the thread refetches all three.
import { useCallback } from 'react';
import { ticketPath } from '../api/tasks-api.ts';
import type { RunPath, Thread, TicketDetail } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { useLiveEvents } from '../live/use-live-events.ts';
import { runPathPath, threadPath } from './playground-api.ts';

export interface ThreadView {
  thread: Thread | undefined;
  ticket: TicketDetail | undefined;
  run: RunPath | undefined;
  error: unknown;
  reload: () => void;
}

export function usePlaygroundThread(threadId: string | null): ThreadView {
  const thread = useGet<Thread>(threadId ? threadPath(threadId) : null);
  const ticket = useGet<TicketDetail>(threadId ? ticketPath(threadId) : null);
  const runId = latestRunId(ticket.data) ?? thread.data?.run_id ?? null;
  const path = useGet<RunPath>(runId ? runPathPath(runId) : null);
  const { reload: reloadThread } = thread;
  const { reload: reloadTicket } = ticket;
  const { reload: reloadPath } = path;
  const reload = useCallback(() => {
    reloadThread();
    reloadTicket();
    reloadPath();
  }, [reloadThread, reloadTicket, reloadPath]);
  const ticketId = ticket.data?.id ?? null;
  const taskId = thread.data?.task_id ?? null;
  useLiveEvents((event) => (event.type === 'task' ? event.taskId === taskId : event.ticketId === ticketId), reload);
  return { thread: thread.data, ticket: ticket.data, run: path.data, error: thread.error ?? ticket.error ?? path.error, reload };
}

/** The run started last (the API lists a ticket's runs oldest first): one per message that started one. */
function latestRunId(ticket: TicketDetail | undefined): string | null {
  return ticket?.runs.at(-1)?.id ?? null;
}
