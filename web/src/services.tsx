// The page's services, built once in main.tsx and handed down by context: the API client, whether
// the server answers, who is signed in, and the live event stream.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from './api/client.ts';
import type { Connection, ConnectionState } from './api/connection.ts';
import type { LiveEvents } from './live/live-events.ts';
import type { SessionState, SessionStore } from './session/session-store.ts';

export interface Services {
  api: ApiClient;
  connection: Connection;
  session: SessionStore;
  live: LiveEvents;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext value={services}>{children}</ServicesContext>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>.');
  return services;
}

export function useApi(): ApiClient {
  return useServices().api;
}

export function useConnectionState(): ConnectionState {
  const { connection } = useServices();
  return useSyncExternalStore(connection.subscribe, connection.state);
}

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.state);
}
