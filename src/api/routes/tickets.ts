// Tickets with their full trace.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { actorOf, requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam, TicketDetailSchema, TicketListQuery, TicketSchema } from '../schemas.ts';

const listTickets = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/tickets',
  tags: ['tickets'],
  summary: 'List tickets, newest first',
  description: 'Filters combine: `status`, `category`, `priority`, `assignee`, and `q` (text). Page with `before`: the id of the last ticket of the previous page.',
  request: { params: ProjectParam, query: TicketListQuery },
  responses: { 200: jsonContent(z.object({ tickets: z.array(TicketSchema) }), 'Tickets'), ...errorResponses },
});

const getTicket = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/tickets/{ticketId}',
  tags: ['tickets'],
  summary: 'A ticket with its conversation, runs, steps (the trace), tool calls and human tasks',
  description: '`ticketId` may be the id, the number (TKT-1001) or the thread id.',
  request: { params: ProjectParam.extend({ ticketId: z.string().min(1).max(100).openapi({ param: { name: 'ticketId', in: 'path' }, example: 'TKT-1001' }) }) },
  responses: { 200: jsonContent(TicketDetailSchema, 'The ticket and its trace'), ...errorResponses },
});

const TicketParams = ProjectParam.extend({ ticketId: z.string().min(1).max(100).openapi({ param: { name: 'ticketId', in: 'path' }, example: 'TKT-1001' }) });
const ReplyBody = z.object({ author: z.string().min(1).max(200).optional().openapi({ description: 'Default: the caller' }), body: z.string().min(1).max(20_000) }).openapi('AgentReply');
const MessageSchema = z.object({ id: z.string(), role: z.string(), body: z.string(), author: z.string().nullable(), created_at: z.string() }).openapi('Message');

const replyToCustomer = createRoute({
  middleware: [requires('tickets.reply')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/tickets/{ticketId}/messages',
  tags: ['tickets'],
  summary: "A person's reply to the customer (e.g. after a handoff); delivered like the bot's replies",
  request: { params: TicketParams, body: { content: { 'application/json': { schema: ReplyBody } }, required: true } },
  responses: { 201: jsonContent(MessageSchema, 'The stored message'), ...errorResponses },
});

const AssigneeBody = z
  .object({ assignee: z.string().trim().min(1).max(200).nullable().openapi({ description: 'The person (an email or user name); null unassigns the ticket', example: 'rita@example.com' }) })
  .openapi('TicketAssignee');

const assignTicket = createRoute({
  middleware: [requires('tickets.assign')] as const,
  method: 'put',
  path: '/api/projects/{projectId}/tickets/{ticketId}/assignee',
  tags: ['tickets'],
  summary: 'Give the ticket to a person, or to nobody (`null`); recorded in the audit log',
  request: { params: TicketParams, body: { content: { 'application/json': { schema: AssigneeBody } }, required: true } },
  responses: { 200: jsonContent(TicketSchema, 'The ticket as assigned'), ...errorResponses },
});

export function ticketRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(assignTicket, async (c) => {
    const { projectId, ticketId } = c.req.valid('param');
    return c.json(await sb.ticketAssignments.assign(projectId, ticketId, c.req.valid('json').assignee, actorOf(c)), 200);
  });
  app.openapi(listTickets, async (c) => {
    const { projectId } = c.req.valid('param');
    return c.json({ tickets: await sb.tickets.list(projectId, c.req.valid('query')) }, 200);
  });
  app.openapi(replyToCustomer, async (c) => {
    const { projectId, ticketId } = c.req.valid('param');
    const input = c.req.valid('json');
    const message = await sb.replies.send(projectId, ticketId, { body: input.body, author: actorOf(c, input.author) });
    return c.json({ id: message.id, role: message.role, body: message.body, author: message.author, created_at: message.created_at }, 201);
  });
  app.openapi(getTicket, async (c) => {
    const { projectId, ticketId } = c.req.valid('param');
    return c.json(await sb.tickets.detail(projectId, ticketId), 200);
  });
}
