// The outbound webhook endpoints of the configuration with their state, and turning one back on
// after its receiver answered 410 Gone. Admins only; secrets are never shown.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { enableWebhook, listWebhooks } from '../../notify/webhooks/webhook-endpoints.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { actorOf, requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const WebhookSchema = z
  .object({
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabled_at: z.string().nullable().openapi({ description: 'When a 410 Gone switched the endpoint off; null while it is on.' }),
    disabled_reason: z.string().nullable(),
  })
  .openapi('Webhook');
const WebhookParams = ProjectParam.extend({ name: z.string().min(1).max(100).openapi({ param: { name: 'name', in: 'path' }, example: 'billing' }) });

const listRoute = createRoute({
  middleware: [requires('webhooks.manage')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/webhooks',
  tags: ['webhooks'],
  summary: 'The configured webhook endpoints: url, events, and whether each is on',
  request: { params: ProjectParam },
  responses: { 200: jsonContent(z.object({ webhooks: z.array(WebhookSchema) }), 'Endpoints'), ...errorResponses },
});

const enableRoute = createRoute({
  middleware: [requires('webhooks.manage')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/webhooks/{name}/enable',
  tags: ['webhooks'],
  summary: 'Turn an endpoint back on after a 410 Gone switched it off (recorded in the audit log)',
  description: 'Events dead-lettered while it was off stay dead; send them again through the outbox deliveries.',
  request: { params: WebhookParams },
  responses: { 200: jsonContent(WebhookSchema, 'The endpoint, on'), ...errorResponses },
});

export function webhookRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(listRoute, async (c) => c.json({ webhooks: await listWebhooks(sb.db, sb.config.file.webhooks) }, 200));
  app.openapi(enableRoute, async (c) => {
    const { projectId, name } = c.req.valid('param');
    const deps = { db: sb.db, clock: sb.clock, ids: sb.identity.ids };
    const { webhook } = await enableWebhook(deps, sb.config.file.webhooks, { projectId, name, by: actorOf(c) });
    return c.json(webhook, 200);
  });
}
