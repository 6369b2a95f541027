// The tickets list's filters as the address bar holds them (?status=…&q=…), so that a reload or a
// shared link shows the same list, and the API path that asks for it.
import { projectApi } from '../api/project.ts';

export const filterNames = ['q', 'status', 'category', 'priority', 'assignee'] as const;
export type FilterName = (typeof filterNames)[number];
export type TicketFilters = Record<FilterName, string>;

export const noFilters: TicketFilters = { q: '', status: '', category: '', priority: '', assignee: '' };

export function filtersFrom(params: URLSearchParams): TicketFilters {
  return { q: params.get('q') ?? '', status: params.get('status') ?? '', category: params.get('category') ?? '', priority: params.get('priority') ?? '', assignee: params.get('assignee') ?? '' };
}

export function isFiltered(filters: TicketFilters): boolean {
  return filterNames.some((name) => filters[name].trim() !== '');
}

/** The filters as a query string without empty values: one text per distinct list. */
export function filterQuery(filters: TicketFilters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name].trim()) params.set(name, filters[name].trim());
  return params.toString();
}

export function ticketListPath(query: string, page: { limit: number; before?: string }): string {
  const params = new URLSearchParams(query);
  params.set('limit', String(page.limit));
  if (page.before) params.set('before', page.before);
  return `${projectApi}/tickets?${params.toString()}`;
}

export function ticketPagePath(number: string): string {
  return `/tickets/${encodeURIComponent(number)}`;
}
