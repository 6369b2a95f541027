// The dashboard's pages: one line each (a page per file under pages/). Pages other than the inbox
// load on first visit, so the first page stays small. A new path also goes into the server's
// dashboardPaths (src/api/routes/dashboard.ts) so that a reload finds it.
import { lazy, type ComponentType } from 'react';
import type { Params } from './router/match-path.ts';
import { matchPath } from './router/match-path.ts';
import { InboxPage } from './pages/inbox-page.tsx';
import { TaskPage } from './pages/task-page.tsx';

export interface PageRoute {
  path: string;
  title: string;
  page: ComponentType<{ params: Params }>;
}

const TicketsPage = lazy(() => import('./pages/tickets-page.tsx').then((m) => ({ default: m.TicketsPage })));
const TicketPage = lazy(() => import('./pages/ticket-page.tsx').then((m) => ({ default: m.TicketPage })));
const PlaygroundPage = lazy(() => import('./pages/playground-page.tsx').then((m) => ({ default: m.PlaygroundPage })));
const ConfigPage = lazy(() => import('./pages/config-page.tsx').then((m) => ({ default: m.ConfigPage })));
const NumbersPage = lazy(() => import('./pages/numbers-page.tsx').then((m) => ({ default: m.NumbersPage })));
const ReplayPage = lazy(() => import('./pages/replay-page.tsx').then((m) => ({ default: m.ReplayPage })));
const ApprovalsPage = lazy(() => import('./pages/approvals-page.tsx').then((m) => ({ default: m.ApprovalsPage })));

export const routes: readonly PageRoute[] = [
  { path: '/inbox', title: 'Inbox', page: InboxPage },
  { path: '/tasks/:taskId', title: 'Task', page: TaskPage },
  { path: '/tickets', title: 'Tickets', page: TicketsPage },
  { path: '/tickets/:ticketId', title: 'Ticket', page: TicketPage },
  { path: '/playground', title: 'Playground', page: PlaygroundPage },
  { path: '/config', title: 'Configuration', page: ConfigPage },
  { path: '/numbers', title: 'Numbers', page: NumbersPage },
  { path: '/replay', title: 'Replay', page: ReplayPage },
  { path: '/approvals', title: 'Approvals', page: ApprovalsPage },
];

/** The main navigation; `activeFor` names the paths under which an item is the current one. */
export const navItems: readonly { label: string; to: string; activeFor: readonly string[] }[] = [
  { label: 'Inbox', to: '/inbox', activeFor: ['/inbox', '/tasks'] },
  { label: 'Tickets', to: '/tickets', activeFor: ['/tickets'] },
  { label: 'Playground', to: '/playground', activeFor: ['/playground'] },
  { label: 'Configuration', to: '/config', activeFor: ['/config'] },
  { label: 'Numbers', to: '/numbers', activeFor: ['/numbers'] },
  { label: 'Replay', to: '/replay', activeFor: ['/replay'] },
  { label: 'Approvals', to: '/approvals', activeFor: ['/approvals'] },
];

export const homePath = '/inbox';

export function findRoute(pathname: string): { route: PageRoute; params: Params } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}
