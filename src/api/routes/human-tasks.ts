// Seed 001's human-task API: create, list, get, claim, assign, cancel, resolve; plus `respond` by run or thread id.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Assignment } from '../../app/human-tasks.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import { AssignBody, CancelBody, CancelResultSchema, ChatResultSchema, ClaimBody, CreateTaskBody, ErrorSchema, errorResponses, HumanTaskSchema, jsonContent, ProjectParam, ResolveBody, ResolveResultSchema, RespondBody, TaskListQuery } from '../schemas.ts';

const TaskParams = ProjectParam.extend({ taskId: z.string().min(1).max(100).openapi({ param: { name: 'taskId', in: 'path' } }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const withFieldErrors = { ...errorResponses, 422: jsonContent(ErrorSchema, 'invalid_fields: details.fields names each bad answer') } as const;

const createTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks',
  tags: ['human tasks'],
  summary: 'Create a task no workflow asked for: an approval, data entry, review, decision, escalation or handoff',
  description: '`reason` may use `{{name}}` and `${{name}}` (money style) placeholders filled from `variables`; a placeholder without a variable is 400 invalid_request. `fields` is the form the resolver fills in.',
  request: { params: ProjectParam, ...body(CreateTaskBody) },
  responses: { 201: jsonContent(HumanTaskSchema, 'The new task'), ...errorResponses },
});

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

const assignTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/assign',
  tags: ['human tasks'],
  summary: 'Assign an open task to a person or a team; a claim on it is released',
  request: { params: TaskParams, ...body(AssignBody) },
  responses: { 200: jsonContent(HumanTaskSchema, 'The assigned task'), ...errorResponses },
});

const cancelTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/cancel',
  tags: ['human tasks'],
  summary: 'Close an open task unanswered; a run waiting on it gets a rejection "cancelled: reason" and continues',
  request: { params: TaskParams, ...body(CancelBody) },
  responses: { 200: jsonContent(CancelResultSchema, 'The cancelled task and the run after it continued'), ...errorResponses },
});

const resolveTask = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/resolve',
  tags: ['human tasks'],
  summary: 'Decide a task; an approval resumes its run, which continues before this returns',
  description: 'For approvals `decision` is `approved` or `rejected`; `fields.args` approves with edited tool arguments; `notes` is the reason the agent and customer see. `fields` answers the task\'s form: a missing, mistyped or unknown field is 422 invalid_fields. A second decision gets 409 already_decided with the winning decision; a cancelled or expired task 409 task_closed.',
  request: { params: TaskParams, ...body(ResolveBody) },
  responses: { 200: jsonContent(ResolveResultSchema, 'The decided task and the run after it continued'), ...withFieldErrors },
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
  app.openapi(createTask, async (c) => c.json(await sb.tasks.create(c.req.valid('param').projectId, c.req.valid('json')), 201));

  app.openapi(listTasks, async (c) => c.json({ tasks: await sb.tasks.list(c.req.valid('param').projectId, c.req.valid('query')) }, 200));

  app.openapi(getTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.get(projectId, taskId), 200);
  });

  app.openapi(claimTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.claim(projectId, taskId, c.req.valid('json').userId), 200);
  });

  app.openapi(assignTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    return c.json(await sb.tasks.assign(projectId, taskId, assignmentOf(input), input.by), 200);
  });

  app.openapi(cancelTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const cancelled = await sb.tasks.cancel(projectId, taskId, input.by, input.reason ?? null);
    return c.json({ task: cancelled.task, run: cancelled.runId ? await sb.chat.runResult(cancelled.runId) : null }, 200);
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

/** The body's schema already insists on exactly one of the two. */
function assignmentOf(input: z.infer<typeof AssignBody>): Assignment {
  return input.assignedTo !== undefined ? { assignedTo: input.assignedTo } : { assignedToTeam: input.assignedToTeam ?? '' };
}
