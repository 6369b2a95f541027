// Tickets with their full trace.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { errorResponses, jsonContent, ProjectParam, TicketDetailSchema, TicketListQuery, TicketSchema } from '../schemas.ts';

const listTickets = createRoute({
  method: 'get',
  path: '/api/projects/{projectId}/tickets',
  tags: ['tickets'],
  summary: 'List tickets, newest first',
  request: { params: ProjectParam, query: TicketListQuery },
  responses: { 200: jsonContent(z.object({ tickets: z.array(TicketSchema) }), 'Tickets'), ...errorResponses },
});

const getTicket = createRoute({
  method: 'get',
  path: '/api/projects/{projectId}/tickets/{ticketId}',
  tags: ['tickets'],
  summary: 'A ticket with its conversation, runs, steps (the trace), tool calls and human tasks',
  description: '`ticketId` may be the id, the number (TKT-1001) or the thread id.',
  request: { params: ProjectParam.extend({ ticketId: z.string().min(1).max(100).openapi({ param: { name: 'ticketId', in: 'path' }, example: 'TKT-1001' }) }) },
  responses: { 200: jsonContent(TicketDetailSchema, 'The ticket and its trace'), ...errorResponses },
});

export function ticketRoutes(app: OpenAPIHono, sb: Switchboard): void {
  app.openapi(listTickets, async (c) => {
    const { projectId } = c.req.valid('param');
    return c.json({ tickets: await sb.tickets.list(projectId, c.req.valid('query')) }, 200);
  });
  app.openapi(getTicket, async (c) => {
    const { projectId, ticketId } = c.req.valid('param');
    return c.json(await sb.tickets.detail(projectId, ticketId), 200);
  });
}
