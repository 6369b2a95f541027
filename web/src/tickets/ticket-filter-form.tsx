// The list's filters. A choice from a list applies at once; typed text applies on Enter or Search,
// so the list does not reload on every key. What applies lives in the address bar.
import { useState, type FormEvent } from 'react';
import type { Priority } from '../api/types.ts';
import { priorityLabel } from '../ui/labels.ts';
import { isFiltered, noFilters, type TicketFilters } from './ticket-filters.ts';
import { ticketStatuses, ticketStatusLabel } from './ticket-labels.ts';

const priorities = Object.keys(priorityLabel) as Priority[];
type TextName = 'q' | 'category' | 'assignee';

export function TicketFilterForm({ filters, onChange }: { filters: TicketFilters; onChange: (next: TicketFilters) => void }) {
  const applied = textOf(filters);
  const [draft, setDraft] = useState({ from: applied, text: applied });
  // The address bar changed by other means (Clear, a link): what is typed follows it.
  if (!sameText(draft.from, applied)) setDraft({ from: applied, text: applied });
  const type = (name: TextName, value: string) => setDraft((previous) => ({ ...previous, text: { ...previous.text, [name]: value } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, ...draft.text });
  };
  return (
    <form className="ticket-filters" role="search" aria-label="Filter tickets" onSubmit={submit}>
      <div className="filter-field filter-text">
        <label htmlFor="ticket-q">Search</label>
        <input id="ticket-q" type="search" value={draft.text.q} onChange={(event) => type('q', event.target.value)} placeholder="Subject, email, TKT-1001, message text" maxLength={200} />
      </div>
      <div className="filter-field">
        <label htmlFor="ticket-status">Status</label>
        <select id="ticket-status" value={filters.status} onChange={(event) => onChange({ ...filters, ...draft.text, status: event.target.value })}>
          <option value="">Any status</option>
          {ticketStatuses.map((status) => (
            <option key={status} value={status}>
              {ticketStatusLabel[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor="ticket-category">Category</label>
        <input id="ticket-category" type="text" value={draft.text.category} onChange={(event) => type('category', event.target.value)} placeholder="refund" maxLength={100} />
      </div>
      <div className="filter-field">
        <label htmlFor="ticket-priority">Priority</label>
        <select id="ticket-priority" value={filters.priority} onChange={(event) => onChange({ ...filters, ...draft.text, priority: event.target.value })}>
          <option value="">Any priority</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {priorityLabel[priority]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor="ticket-assignee">Assignee</label>
        <input id="ticket-assignee" type="text" value={draft.text.assignee} onChange={(event) => type('assignee', event.target.value)} placeholder="rita@example.com" maxLength={200} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button primary">
          Search
        </button>
        <button type="button" className="button" onClick={() => onChange(noFilters)} disabled={!isFiltered(filters) && !isFiltered({ ...noFilters, ...draft.text })}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

function textOf(filters: TicketFilters): Record<TextName, string> {
  return { q: filters.q, category: filters.category, assignee: filters.assignee };
}

function sameText(a: Record<TextName, string>, b: Record<TextName, string>): boolean {
  return a.q === b.q && a.category === b.category && a.assignee === b.assignee;
}
