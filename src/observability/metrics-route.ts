// GET /metrics for Prometheus. With `metrics.token` set, a scrape sends it as a bearer token, which is
// checked before the API's authentication (that would take it for a bad API key). Without a token,
// only loopback callers are served. Staff credentials grant nothing here.
import type { Context, MiddlewareHandler } from 'hono';
import type { Switchboard } from '../app/switchboard.ts';
import type { AppEnv, SwitchboardApp } from '../api/auth/app-env.ts';
import { clientAddress } from '../api/limits/client-address.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { isLoopback, tokenMatches } from './metrics-access.ts';

export const metricsPath = '/metrics';

/** Registered before authentication: serves a scrape that carries the metrics token, passes on the rest. */
export function metricsTokenScrape(app: SwitchboardApp, sb: Switchboard): void {
  const withToken: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { enabled, token } = sb.metrics.access;
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (enabled && token !== null && bearer !== undefined && isRead(c) && tokenMatches(token, bearer)) return scrape(c, sb);
    await next();
  };
  app.use(metricsPath, withToken);
}

/** Registered after authentication: every scrape the token did not already answer. */
export function metricsRoute(app: SwitchboardApp, sb: Switchboard): void {
  app.get(metricsPath, async (c) => {
    const { enabled, token } = sb.metrics.access;
    if (!enabled) throw new SwitchboardError('not_found', 'Metrics are switched off (metrics.enabled: false in the configuration).');
    if (token !== null) throw new SwitchboardError('unauthorized', 'Send the metrics token (metrics.token) as "Authorization: Bearer <token>".');
    if (!isLoopback(clientAddress(c, sb.config.file.limits.trust_proxy))) {
      throw new SwitchboardError('forbidden', 'Metrics are served to this machine only; set metrics.token to scrape from elsewhere.', { permission: 'metrics' });
    }
    return scrape(c, sb);
  });
}

async function scrape(c: Context<AppEnv>, sb: Switchboard): Promise<Response> {
  const text = await sb.metrics.scrape();
  return c.body(text, 200, { 'content-type': sb.metrics.contentType, 'cache-control': 'no-store' });
}

function isRead(c: Context<AppEnv>): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}
