// Seed 001's human-task API: list, get, claim, resolve; plus `respond` by run or thread id.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { ChatResultSchema, ClaimBody, errorResponses, HumanTaskSchema, jsonContent, ProjectParam, ResolveBody, ResolveResultSchema, RespondBody, TaskListQuery } from '../schemas.ts';

const TaskParams = ProjectParam.extend({ taskId: z.string().min(1).max(100).openapi({ param: { name: 'taskId', in: 'path' } }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const listTasks = createRoute({
  method: 'get',
  path: '/api/projects/{projectId}/human-tasks',
  tags: ['human tasks'],
  summary: 'The inbox: tasks by priority, then due time',
  request: { params: ProjectParam, query: TaskListQuery },
  responses: { 200: jsonContent(z.object({ tasks: z.array(HumanTaskSchema) }), 'Tasks'), ...errorResponses },
});

const getTask = createRoute({
  method: 'get',
  path: '/api/projects/{projectId}/human-tasks/{taskId}',
  tags: ['human tasks'],
  summary: 'One task',
  request: { params: TaskParams },
  responses: { 200: jsonContent(HumanTaskSchema, 'The task'), ...errorResponses },
});

const claimTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/claim',
  tags: ['human tasks'],
  summary: 'Claim a task; a second claimer gets 409 already_claimed',
  request: { params: TaskParams, ...body(ClaimBody) },
  responses: { 200: jsonContent(HumanTaskSchema, 'The claimed task'), ...errorResponses },
});

const resolveTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/resolve',
  tags: ['human tasks'],
  summary: 'Decide a task; an approval resumes its run, which continues before this returns',
  description: 'For approvals `decision` is `approved` or `rejected`; `fields.args` approves with edited tool arguments; `notes` is the reason the agent and customer see. A second decision gets 409 already_decided with the winning decision.',
  request: { params: TaskParams, ...body(ResolveBody) },
  responses: { 200: jsonContent(ResolveResultSchema, 'The decided task and the run after it continued'), ...errorResponses },
});

const respond = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/respond/{ref}',
  tags: ['human tasks'],
  summary: 'Approve or reject whatever a run, thread or ticket is waiting for',
  request: { params: ProjectParam.extend({ ref: z.string().min(1).max(100).openapi({ param: { name: 'ref', in: 'path' }, description: 'Run id, thread id, ticket id or number' }) }), ...body(RespondBody) },
  responses: { 200: jsonContent(ChatResultSchema, 'The thread after the run continued'), ...errorResponses },
});

export function humanTaskRoutes(app: OpenAPIHono, sb: Switchboard): void {
  app.openapi(listTasks, async (c) => c.json({ tasks: await sb.tasks.list(c.req.valid('param').projectId, c.req.valid('query')) }, 200));

  app.openapi(getTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.get(projectId, taskId), 200);
  });

  app.openapi(claimTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.claim(projectId, taskId, c.req.valid('json').userId), 200);
  });

  app.openapi(resolveTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const resolved = await sb.tasks.resolve(projectId, taskId, { respondedBy: input.respondedBy, decision: input.decision, notes: input.notes ?? null, ...(input.fields ? { fields: input.fields } : {}) });
    return c.json({ task: resolved.task, run: resolved.runId ? await sb.chat.runResult(resolved.runId) : null }, 200);
  });

  app.openapi(respond, async (c) => {
    const { projectId, ref } = c.req.valid('param');
    const input = c.req.valid('json');
    return c.json(await sb.chat.decideByRef(projectId, ref, { approval: input.approval, reason: input.reason ?? null, respondedBy: input.respondedBy ?? 'reviewer' }), 200);
  });
}
