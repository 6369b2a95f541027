// Which screen to show: the login while nobody is signed in (remembering the page asked for), the
// layout with the page once someone is.
import { useEffect } from 'react';
import { isApiError } from './api/api-error.ts';
import type { Me } from './api/types.ts';
import { Layout } from './layout/layout.tsx';
import { RouteView } from './layout/route-view.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { homePath } from './routes.tsx';
import { navigate, useLocation, type AppLocation } from './router/router.ts';
import { useConnectionState, useServices, useSession } from './services.tsx';
import type { SessionState } from './session/session-store.ts';
import { ConnectionBanner } from './layout/connection-banner.tsx';

export function App() {
  const session = useSession();
  const location = useLocation();
  useSessionCheck();
  const target = redirectFor(session, location);
  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target]);
  if (session.status === 'checking') return <Starting />;
  if (session.status === 'signed_out') {
    return (
      <>
        <ConnectionBanner />
        <LoginPage expired={session.expired} />
      </>
    );
  }
  return <Layout me={session.me}>{location.pathname === '/login' || location.pathname === '/' ? null : <RouteView />}</Layout>;
}

/** Asks the server who is signed in when the page opens, and again once it answers after an outage. */
function useSessionCheck(): void {
  const { api, session } = useServices();
  const { epoch } = useConnectionState();
  useEffect(() => {
    if (session.state().status !== 'checking') return;
    api.get<Me>('/auth/me').then(session.signedIn, (error: unknown) => {
      if (isApiError(error)) session.signedOut(false);
    });
  }, [api, session, epoch]);
}

function redirectFor(session: SessionState, location: AppLocation): string | null {
  if (session.status === 'signed_out' && location.pathname !== '/login') return `/login?next=${encodeURIComponent(location.href)}`;
  if (session.status !== 'signed_in') return null;
  if (location.pathname === '/login') return safeNext(new URLSearchParams(location.search).get('next'));
  return location.pathname === '/' ? homePath : null;
}

/** Only a path of this site: never `//elsewhere` or a full address. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : homePath;
}

function Starting() {
  return (
    <>
      <ConnectionBanner />
      <p className="starting">Loading Switchboard…</p>
    </>
  );
}
