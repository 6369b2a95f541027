// The dashboard's composition root: builds the services once and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.ts';
import { createConnection, healthProbe } from './api/connection.ts';
import { projectApi } from './api/project.ts';
import { App } from './app.tsx';
import { createLiveEvents } from './live/live-events.ts';
import { ServicesProvider, type Services } from './services.tsx';
import { createSessionStore } from './session/session-store.ts';
import './styles.css';

function createServices(): Services {
  const connection = createConnection(healthProbe);
  const session = createSessionStore();
  const api = createApiClient({ unauthorized: () => session.signedOut(true), unreachable: connection.lost, reachable: connection.restored });
  // A dropped stream is either a server gone (the call fails: the banner) or an expired session (401: the login).
  const live = createLiveEvents(`${projectApi}/events`, { dropped: () => void api.get('/auth/me').catch(() => undefined), connected: connection.restored });
  return { api, connection, session, live };
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={createServices()}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
