// The tickets list, a page at a time: Load more asks for the tickets `before` the last one shown. A
// refresh (a live event, the server answering again) reloads everything shown in one request, so a
// ticket pushed down by new ones never falls between two pages.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { ServerUnreachableError } from '../api/api-error.ts';
import type { Ticket } from '../api/types.ts';
import { useApi, useConnectionState } from '../services.tsx';
import { ticketListPath } from './ticket-filters.ts';

const pageSize = 50;
/** The server's largest page: beyond it, a refresh keeps the older tickets as they were. */
const largestPage = 500;

interface Shown {
  query: string;
  tickets: Ticket[];
  more: boolean;
}

export interface TicketPages {
  tickets: Ticket[] | undefined;
  /** Whether older tickets may exist: the last page came back full. */
  more: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
}

export function useTicketPages(query: string): TicketPages {
  const api = useApi();
  const { epoch } = useConnectionState();
  const [generation, setGeneration] = useState(0);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const failed = useCallback((cause: unknown) => setError((previous: unknown) => (cause instanceof ServerUnreachableError ? previous : cause)), []);
  const windowSize = useEffectEvent(() => Math.min(largestPage, Math.max(pageSize, shown?.query === query ? shown.tickets.length : 0)));

  useEffect(() => {
    let current = true;
    const limit = windowSize();
    api.get<{ tickets: Ticket[] }>(ticketListPath(query, { limit })).then(
      ({ tickets }) => {
        if (!current) return;
        setError(null);
        setShown((previous) => refreshed(previous, query, tickets, limit));
      },
      (cause: unknown) => current && failed(cause),
    );
    return () => {
      current = false;
    };
  }, [api, query, epoch, generation, failed]);

  const loadMore = async () => {
    const last = shown?.query === query ? shown.tickets.at(-1) : undefined;
    if (!last) return;
    setLoadingMore(true);
    try {
      const { tickets } = await api.get<{ tickets: Ticket[] }>(ticketListPath(query, { limit: pageSize, before: last.id }));
      setShown((previous) => (previous?.query === query ? { query, tickets: appended(previous.tickets, tickets), more: tickets.length === pageSize } : previous));
    } catch (cause) {
      failed(cause);
    } finally {
      setLoadingMore(false);
    }
  };

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const same = shown?.query === query ? shown : null;
  return { tickets: same?.tickets, more: same?.more ?? false, loadingMore, error, loadMore: () => void loadMore(), reload };
}

/** The reloaded newest tickets, then (when the reload came back full) the older ones already shown. */
function refreshed(previous: Shown | null, query: string, tickets: Ticket[], limit: number): Shown {
  const full = tickets.length === limit;
  const last = tickets.at(-1);
  if (!full || !last || previous?.query !== query) return { query, tickets, more: full };
  const older = previous.tickets.filter((ticket) => ticket.id < last.id);
  return { query, tickets: [...tickets, ...older], more: older.length > 0 ? previous.more : true };
}

function appended(shown: Ticket[], page: Ticket[]): Ticket[] {
  const known = new Set(shown.map((ticket) => ticket.id));
  return [...shown, ...page.filter((ticket) => !known.has(ticket.id))];
}
