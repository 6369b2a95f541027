// The page for the current address, keyed by the path so that each task or ticket starts fresh.
import { Suspense, useEffect } from 'react';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { findRoute } from '../routes.tsx';
import { useLocation } from '../router/router.ts';

export function RouteView() {
  const { pathname } = useLocation();
  const found = findRoute(pathname);
  const title = found?.route.title ?? 'Not found';
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
  if (!found) return <NotFoundPage />;
  const Page = found.route.page;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Page key={pathname} params={found.params} />
    </Suspense>
  );
}
