// The HTTP interface: thin routes over the app, zod-validated, documented by the generated OpenAPI.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Switchboard } from '../app/switchboard.ts';
import { errorBody, respondWithError } from './errors.ts';
import { renderDocsPage } from './docs-page.ts';
import { chatRoutes } from './routes/chat.ts';
import { healthRoutes } from './routes/health.ts';
import { humanTaskRoutes } from './routes/human-tasks.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { authRoutes } from './routes/auth.ts';
import { accessRoutes } from './routes/access.ts';
import { actionRoutes } from './routes/actions.ts';
import { slackHookRoutes } from './routes/slack-hooks.ts';
import { discordHookRoutes } from './routes/discord-hooks.ts';
import { telegramHookRoutes } from './routes/telegram-hooks.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { workflowRoutes } from './routes/workflows.ts';
import { configViewRoutes } from './routes/config-view.ts';
import { classifierRoutes } from './routes/classifier.ts';
import { statsRoutes } from './routes/stats.ts';
import { replayRoutes } from './routes/replay.ts';
import { approvalAnalyticsRoutes } from './routes/approval-analytics.ts';
import { eventRoutes } from './routes/events.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { webAssets, type WebAssets } from './dashboard/web-assets.ts';
import { authenticate } from './auth/authenticate.ts';
import { rateLimits, requestDeadline } from './limits/limits.ts';
import { bodyShape } from './limits/body-shape.ts';
import { securityHeaders } from './security-headers.ts';
import { metricsRoute, metricsTokenScrape } from '../observability/metrics-route.ts';
import type { AppEnv, SwitchboardApp } from './auth/app-env.ts';

export interface HttpAppOptions {
  /** Largest accepted request body (default 1 MiB); larger ones get 413 payload_too_large. */
  bodyLimitBytes?: number;
  version?: string;
  /** The built dashboard (default: web/dist). */
  webAssets?: WebAssets;
  /** Aborted when the server shuts down, so that live event streams end. */
  closing?: AbortSignal;
  /** How often an idle event stream sends a heartbeat comment (default 15 s). */
  eventHeartbeatMs?: number;
}

const openApiInfo = (version: string) => ({
  openapi: '3.1.0',
  info: { title: 'Switchboard API', version, description: 'Support triage autopilot with durable human approval gates.' },
});

export function createHttpApp(sb: Switchboard, options: HttpAppOptions = {}): SwitchboardApp {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const first = issues[0];
        return c.json(errorBody('invalid_request', first ? `${first.path || 'body'}: ${first.message}` : 'Invalid request.', { issues }), 400);
      }
      return undefined;
    },
  });
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const limits = sb.config.file.limits;
  app.use('*', bodyLimit({ maxSize: limit, onError: (c) => c.json(errorBody('payload_too_large', `The request body exceeds ${limit} bytes.`), 413) }));
  app.onError((error, c) => respondWithError(c, error, (e) => sb.logger.error({ err: e, path: c.req.path }, 'request failed')));
  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}.`), 404));
  app.use('*', securityHeaders());
  // Before authentication, which would take the metrics token for a bad API key.
  metricsTokenScrape(app, sb);
  app.use('*', authenticate(sb.identity));
  app.use('*', rateLimits(limits));
  app.use('*', bodyShape());
  app.use('*', requestDeadline(limits.request_timeout_ms));

  healthRoutes(app, sb);
  metricsRoute(app, sb);
  chatRoutes(app, sb);
  ticketRoutes(app, sb);
  humanTaskRoutes(app, sb);
  authRoutes(app, sb);
  accessRoutes(app, sb);
  actionRoutes(app, sb);
  slackHookRoutes(app, sb);
  discordHookRoutes(app, sb);
  telegramHookRoutes(app, sb);
  webhookRoutes(app, sb);
  outboxRoutes(app, sb);
  workflowRoutes(app, sb);
  configViewRoutes(app, sb);
  classifierRoutes(app, sb);
  statsRoutes(app, sb);
  replayRoutes(app, sb);
  approvalAnalyticsRoutes(app, sb);
  eventRoutes(app, sb, { heartbeatMs: options.eventHeartbeatMs ?? 15_000, closing: options.closing });

  const info = openApiInfo(options.version ?? '0.1.0');
  app.doc31('/openapi.json', info);
  app.get('/docs', (c) => c.html(renderDocsPage(app.getOpenAPI31Document(info))));
  dashboardRoutes(app, options.webAssets ?? webAssets());
  return app;
}
