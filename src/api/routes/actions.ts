// One-click links from reviewer notifications: GET shows what the link would do and changes nothing;
// the confirmation page's POST acts. No login: the single-use token is the credential.
import type { Switchboard } from '../../app/switchboard.ts';
import { actOnLink, inspectLink } from '../../notify/actions/one-click.ts';
import { actionPage } from '../pages/action-page.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';

export function actionRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.get('/actions/:token', async (c) => {
    const token = c.req.param('token');
    const page = actionPage(await inspectLink(sb, token), `/actions/${encodeURIComponent(token)}`);
    c.header('cache-control', 'no-store');
    return c.html(page.body, page.status);
  });

  app.post('/actions/:token', async (c) => {
    const token = c.req.param('token');
    const form = c.req.header('content-type')?.includes('form') ? await c.req.parseBody() : {};
    const reason = typeof form['reason'] === 'string' && form['reason'].trim() !== '' ? form['reason'].trim().slice(0, 2000) : null;
    const page = actionPage(await actOnLink(sb, token, reason), `/actions/${encodeURIComponent(token)}`);
    c.header('cache-control', 'no-store');
    return c.html(page.body, page.status);
  });
}
