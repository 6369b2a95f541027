// Seed 004's chat endpoint: customer messages and reviewer decisions on one route.
import { createRoute, z } from '@hono/zod-openapi';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { checkApproval } from '../auth/decisions.ts';
import { actorOf, assertAllowed } from '../auth/requires.ts';
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

// Customers need no credential here: a thread id is a 144-bit random capability, known only to the
// customer who started it (and to the team). Deciding is a reviewer's act and needs one.
export function chatRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(postChat, async (c) => {
    const body = c.req.valid('json');
    if ('approval' in body) {
      assertAllowed(c, 'tasks.decide', defaultProjectId);
      const respondedBy = actorOf(c, body.responded_by);
      await checkApproval(c, sb, { projectId: defaultProjectId, taskId: await sb.chat.pendingApprovalTask(defaultProjectId, body.thread_id), actor: respondedBy, approving: body.approval, fields: null });
      return c.json(await sb.chat.decide({ projectId: defaultProjectId, threadId: body.thread_id, approval: body.approval, reason: body.reason ?? null, respondedBy }), 200);
    }
    const requestedBy = c.get('principal')?.name ?? null;
    return c.json(await sb.chat.postMessage({ projectId: defaultProjectId, message: body.message, threadId: body.thread_id, customerEmail: body.customer_email, workflow: body.workflow, requestedBy }), 200);
  });

  app.openapi(answerHandoff, async (c) => c.json(await sb.chat.answerHandoff(defaultProjectId, c.req.valid('param').threadId, c.req.valid('json').accept), 200));

  app.openapi(getThread, async (c) => c.json(await sb.chat.thread(defaultProjectId, c.req.valid('param').threadId), 200));
}
