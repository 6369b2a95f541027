// The frame around every signed-in page: the navigation, who is signed in, signing out, the banner
// for a lost server, and the live event stream while it is shown.
import { useEffect, type ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { projectId } from '../api/project.ts';
import { NavLink } from '../router/link.tsx';
import { navigate } from '../router/router.ts';
import { navItems } from '../routes.tsx';
import { useServices } from '../services.tsx';
import { clearDrafts } from '../ui/use-draft.ts';
import { ConnectionBanner } from './connection-banner.tsx';

export function Layout({ me, children }: { me: Me; children: ReactNode }) {
  const { api, session, live } = useServices();
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  const signOut = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    clearDrafts();
    session.signedOut(false);
    navigate('/login');
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to the content
      </a>
      <header className="topbar">
        <span className="brand">Switchboard</span>
        <nav aria-label="Main">
          <ul>
            {navItems.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} activeFor={item.activeFor}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            Signed in as <strong>{me.name}</strong>
            {me.roles[projectId] ? ` (${me.roles[projectId]})` : ''}
          </span>
          <button type="button" className="button small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
