// Reads one API path for a component: refetches when the path changes, when reload() is called (a
// live event said it changed) and when the server answers again after being unreachable. What was
// shown stays shown while a refetch runs or fails for want of a connection.
import { useCallback, useEffect, useState } from 'react';
import { useApi, useConnectionState } from '../services.tsx';
import { ServerUnreachableError } from './api-error.ts';

export interface Loaded<T> {
  data: T | undefined;
  /** The last failure other than an unreachable server (that one shows as the page's banner). */
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Fetched<T> {
  key: string;
  path: string;
  data: T | undefined;
  error: unknown;
}

export function useGet<T>(path: string | null): Loaded<T> {
  const api = useApi();
  const { epoch } = useConnectionState();
  const [generation, setGeneration] = useState(0);
  const [fetched, setFetched] = useState<Fetched<T> | null>(null);
  const key = `${path ?? ''}\n${epoch}\n${generation}`;

  useEffect(() => {
    if (path === null) return;
    let current = true;
    const settle = (next: (previous: Fetched<T> | null) => Fetched<T>) => current && setFetched(next);
    api.get<T>(path).then(
      (data) => settle(() => ({ key, path, data, error: null })),
      (error: unknown) => settle((previous) => ({ key, path, data: previous?.path === path ? previous.data : undefined, error: error instanceof ServerUnreachableError ? (previous?.error ?? null) : error })),
    );
    return () => {
      current = false;
    };
  }, [api, path, key]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const same = fetched !== null && fetched.path === path;
  return { data: same ? fetched.data : undefined, error: same ? fetched.error : null, loading: path !== null && fetched?.key !== key, reload };
}
