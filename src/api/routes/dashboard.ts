// The dashboard: one HTML page for every path the app routes in the browser (the app is public, its
// data needs a session), and the built scripts and styles under /assets. API paths are not here, so
// they keep answering 404 JSON.
import type { Context } from 'hono';
import type { SwitchboardApp } from '../auth/app-env.ts';
import type { WebAssets } from '../dashboard/web-assets.ts';
import { errorBody } from '../errors.ts';
import { dashboardMissingPage } from '../pages/dashboard-missing-page.ts';

/** The browser-side routes of web/src/routes.tsx; a new page adds its path here too. */
export const dashboardPaths = ['/', '/login', '/inbox', '/tasks/:taskId', '/tickets', '/tickets/:ticketId', '/playground', '/config', '/numbers', '/approvals', '/replay'] as const;

export function dashboardRoutes(app: SwitchboardApp, assets: WebAssets): void {
  for (const path of dashboardPaths) app.get(path, (c) => serveIndex(c, assets));
  app.get('/assets/:name', (c) => serveAsset(c, assets, c.req.param('name')));
}

async function serveIndex(c: Context, assets: WebAssets): Promise<Response> {
  const html = await assets.index();
  c.header('Cache-Control', 'no-cache');
  return c.html(html ?? dashboardMissingPage());
}

async function serveAsset(c: Context, assets: WebAssets, name: string): Promise<Response> {
  const asset = await assets.asset(name);
  if (!asset) return c.json(errorBody('not_found', `No dashboard file ${name}.`), 404);
  c.header('Content-Type', asset.contentType);
  c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(asset.body);
}
