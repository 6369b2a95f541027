// A small history router: the address bar is the one source of truth, read through
// useSyncExternalStore; navigate() pushes or replaces an entry and tells every reader.
import { useCallback, useSyncExternalStore } from 'react';

const readers = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  readers.add(onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    readers.delete(onChange);
    window.removeEventListener('popstate', onChange);
  };
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentPath()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const read of readers) read();
}

export interface AppLocation {
  pathname: string;
  search: string;
  /** pathname + search: what a page is re-opened with after signing in. */
  href: string;
}

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, currentPath);
  const query = href.indexOf('?');
  return query === -1 ? { pathname: href, search: '', href } : { pathname: href.slice(0, query), search: href.slice(query), href };
}

/** The query string as parameters, and a setter that replaces the entry (filters are not history). */
export function useSearchParams(): [URLSearchParams, (next: Record<string, string | undefined>) => void] {
  const { pathname, search } = useLocation();
  const update = useCallback(
    (next: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value) params.set(key, value);
      const query = params.toString();
      navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
    },
    [pathname],
  );
  return [new URLSearchParams(search), update];
}
