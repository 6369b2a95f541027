// Seed 004's chat endpoint: customer messages and reviewer decisions on one route.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import { ChatRequestSchema, ChatResultSchema, errorResponses, jsonContent, ThreadSchema } from '../schemas.ts';

const postChat = createRoute({
  method: 'post',
  path: '/chat',
  tags: ['chat'],
  summary: 'Send a customer message, or approve / deny a paused refund',
  description: 'A message starts or continues a thread and returns once the workflow pauses or finishes. A body with `approval` resumes a thread paused for approval; that is a reviewer\'s act.',
  request: { body: { content: { 'application/json': { schema: ChatRequestSchema } }, required: true } },
  responses: { 200: jsonContent(ChatResultSchema, 'The thread after the workflow stopped'), ...errorResponses },
});

const getThread = createRoute({
  method: 'get',
  path: '/chat/{threadId}',
  tags: ['chat'],
  summary: 'Read a thread: its status and messages',
  request: { params: z.object({ threadId: z.string().min(1).max(100).openapi({ param: { name: 'threadId', in: 'path' } }) }) },
  responses: { 200: jsonContent(ThreadSchema, 'The thread'), ...errorResponses },
});

const ThreadParam = z.object({ threadId: z.string().min(1).max(100).openapi({ param: { name: 'threadId', in: 'path' } }) });

const answerHandoff = createRoute({
  method: 'post',
  path: '/chat/{threadId}/handoff',
  tags: ['chat'],
  summary: "The customer's answer to the offer of a human: accept hands the conversation to a person",
  request: { params: ThreadParam, body: { content: { 'application/json': { schema: z.object({ accept: z.boolean() }).openapi('HandoffAnswer') } }, required: true } },
  responses: { 200: jsonContent(ChatResultSchema, 'The thread after the answer'), ...errorResponses },
});

export function chatRoutes(app: OpenAPIHono, sb: Switchboard): void {
  app.openapi(postChat, async (c) => {
    const body = c.req.valid('json');
    if ('approval' in body) {
      // The seam for reviewer authentication: decisions will require a reviewer credential.
      const result = await sb.chat.decide({ projectId: defaultProjectId, threadId: body.thread_id, approval: body.approval, reason: body.reason ?? null, respondedBy: body.responded_by ?? 'reviewer' });
      return c.json(result, 200);
    }
    return c.json(await sb.chat.postMessage({ projectId: defaultProjectId, message: body.message, threadId: body.thread_id, customerEmail: body.customer_email, workflow: body.workflow }), 200);
  });

  app.openapi(answerHandoff, async (c) => c.json(await sb.chat.answerHandoff(defaultProjectId, c.req.valid('param').threadId, c.req.valid('json').accept), 200));

  app.openapi(getThread, async (c) => c.json(await sb.chat.thread(defaultProjectId, c.req.valid('param').threadId), 200));
}
