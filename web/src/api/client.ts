// Every call the dashboard makes goes through here: the session cookie rides along, changes carry
// the CSRF header, a 401 signs the page out (the session expired) and a failed fetch reports the
// server unreachable; both are told to whoever built the client.
import { ApiError, ServerUnreachableError } from './api-error.ts';

export interface ApiClient {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body?: unknown) => Promise<T>;
  put: <T>(path: string, body: unknown) => Promise<T>;
}

export interface ClientObserver {
  unauthorized: () => void;
  unreachable: () => void;
  reachable: () => void;
}

const csrfCookie = 'sb_csrf';

export function createApiClient(observer: ClientObserver): ApiClient {
  const request = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const response = await send(observer, method, path, body);
    if (response.status === 401 && path !== '/auth/login') observer.unauthorized();
    if (!response.ok) throw await ApiError.from(response);
    return (await response.json()) as T;
  };
  return { get: (path) => request('GET', path), post: (path, body) => request('POST', path, body ?? {}), put: (path, body) => request('PUT', path, body) };
}

async function send(observer: ClientObserver, method: string, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = readCookie(csrfCookie) ?? '';
  }
  try {
    const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(method === 'GET' ? {} : { body: JSON.stringify(body) }) });
    observer.reachable();
    return response;
  } catch {
    observer.unreachable();
    throw new ServerUnreachableError();
  }
}

function readCookie(name: string): string | null {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry ? decodeURIComponent(entry.slice(name.length + 1)) : null;
}
