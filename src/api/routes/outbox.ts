// The outbox for operators: deliveries per destination (dead letters included) and redelivery.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { actorOf, requires } from '../auth/requires.ts';
import { DeliveryListQuery, DeliverySchema, errorResponses, jsonContent, ProjectParam, RedeliverDeadBody } from '../schemas.ts';

const DeliveryParams = ProjectParam.extend({ deliveryId: z.string().min(1).max(100).openapi({ param: { name: 'deliveryId', in: 'path' } }) });

const listDeliveries = createRoute({
  middleware: [requires('outbox.manage')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/outbox',
  tags: ['outbox'],
  summary: 'Outbox deliveries, newest first; `status=dead` lists the dead letters',
  request: { params: ProjectParam, query: DeliveryListQuery },
  responses: { 200: jsonContent(z.object({ deliveries: z.array(DeliverySchema) }), 'Deliveries'), ...errorResponses },
});

const redeliver = createRoute({
  middleware: [requires('outbox.manage')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/outbox/{deliveryId}/redeliver',
  tags: ['outbox'],
  summary: 'Send a dead (or delivered) delivery again, with the same event id; a pending one is 409',
  request: { params: DeliveryParams },
  responses: { 200: jsonContent(DeliverySchema, 'The delivery, pending again'), ...errorResponses },
});

const redeliverDead = createRoute({
  middleware: [requires('outbox.manage')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/outbox/redeliver-dead',
  tags: ['outbox'],
  summary: 'Send every dead letter again (of one destination, if named)',
  request: { params: ProjectParam, body: { content: { 'application/json': { schema: RedeliverDeadBody } }, required: false } },
  responses: { 200: jsonContent(z.object({ redelivered: z.number().int() }), 'How many went back into the queue'), ...errorResponses },
});

export function outboxRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(listDeliveries, async (c) => c.json({ deliveries: await sb.deliveries.list(c.req.valid('param').projectId, c.req.valid('query')) }, 200));

  app.openapi(redeliver, async (c) => {
    const { projectId, deliveryId } = c.req.valid('param');
    return c.json(await sb.deliveries.redeliver(projectId, deliveryId, actorOf(c)), 200);
  });

  app.openapi(redeliverDead, async (c) => {
    const { projectId } = c.req.valid('param');
    const body = c.req.valid('json') as z.infer<typeof RedeliverDeadBody> | undefined;
    return c.json({ redelivered: await sb.deliveries.redeliverDead(projectId, actorOf(c), body?.destination) }, 200);
  });
}
