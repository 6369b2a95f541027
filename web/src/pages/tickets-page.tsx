// Tickets: every ticket, newest first, narrowed by status, category, priority, assignee and text.
// The filters live in the address bar (a reload or a shared link keeps them); Load more pages on;
// new and changed tickets appear by themselves.
import { useLiveEvents } from '../live/use-live-events.ts';
import { useSearchParams } from '../router/router.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TicketFilterForm } from '../tickets/ticket-filter-form.tsx';
import { filterQuery, filtersFrom, isFiltered, type TicketFilters } from '../tickets/ticket-filters.ts';
import { TicketTable } from '../tickets/ticket-table.tsx';
import { useTicketPages } from '../tickets/use-ticket-pages.ts';
import '../tickets/tickets.css';

export function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const query = filterQuery(filters);
  const pages = useTicketPages(query);
  useLiveEvents((event) => event.type === 'message' || event.type === 'run' || event.type === 'task' || event.type === 'ticket', pages.reload);
  const apply = (next: TicketFilters) => setParams({ ...next });
  return (
    <section className="page tickets-page" aria-labelledby="tickets-title">
      <header className="page-header">
        <h1 id="tickets-title">Tickets</h1>
        <p className="muted" role="status">
          {pages.tickets ? countText(pages.tickets.length, pages.more, isFiltered(filters)) : 'Loading…'}
        </p>
      </header>
      <TicketFilterForm filters={filters} onChange={apply} />
      <ErrorNotice error={pages.error} />
      {pages.tickets?.length === 0 ? <p className="empty">{isFiltered(filters) ? 'No ticket matches these filters.' : 'No tickets yet.'}</p> : null}
      {pages.tickets && pages.tickets.length > 0 ? <TicketTable tickets={pages.tickets} /> : null}
      {pages.more ? (
        <p className="load-more">
          <button type="button" className="button" onClick={pages.loadMore} disabled={pages.loadingMore}>
            {pages.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function countText(count: number, more: boolean, filtered: boolean): string {
  const tickets = `${count}${more ? '+' : ''} ${count === 1 && !more ? 'ticket' : 'tickets'}`;
  return `${tickets}${filtered ? ' matching the filters' : ''}, newest first`;
}
