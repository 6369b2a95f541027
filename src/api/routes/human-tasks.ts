// Seed 001's human-task API: create, list, get, claim, assign, cancel, resolve; plus `respond` by run or thread id.
import { createRoute, z } from '@hono/zod-openapi';
import type { Assignment } from '../../app/human-tasks.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { actorOf, requires } from '../auth/requires.ts';
import { checkApproval } from '../auth/decisions.ts';
import { AssignBody, CancelBody, CancelResultSchema, ChatResultSchema, ClaimBody, CreateTaskBody, ErrorSchema, errorResponses, HumanTaskSchema, jsonContent, ProjectParam, ResolveBody, ResolveResultSchema, RespondBody, TaskListQuery } from '../schemas.ts';

const TaskParams = ProjectParam.extend({ taskId: z.string().min(1).max(100).openapi({ param: { name: 'taskId', in: 'path' } }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const withFieldErrors = { ...errorResponses, 422: jsonContent(ErrorSchema, 'invalid_fields: details.fields names each bad answer') } as const;

const createTask = createRoute({
  middleware: [requires('tasks.create')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks',
  tags: ['human tasks'],
  summary: 'Create a task no workflow asked for: an approval, data entry, review, decision, escalation or handoff',
  description: '`reason` may use `{{name}}` and `${{name}}` (money style) placeholders filled from `variables`; a placeholder without a variable is 400 invalid_request. `fields` is the form the resolver fills in.',
  request: { params: ProjectParam, ...body(CreateTaskBody) },
  responses: { 201: jsonContent(HumanTaskSchema, 'The new task'), ...errorResponses },
});

const listTasks = createRoute({
  middleware: [requires('tasks.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/human-tasks',
  tags: ['human tasks'],
  summary: 'The inbox: tasks by priority, then due time',
  request: { params: ProjectParam, query: TaskListQuery },
  responses: { 200: jsonContent(z.object({ tasks: z.array(HumanTaskSchema) }), 'Tasks'), ...errorResponses },
});

const getTask = createRoute({
  middleware: [requires('tasks.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/human-tasks/{taskId}',
  tags: ['human tasks'],
  summary: 'One task',
  request: { params: TaskParams },
  responses: { 200: jsonContent(HumanTaskSchema, 'The task'), ...errorResponses },
});

const claimTask = createRoute({
  middleware: [requires('tasks.claim')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/claim',
  tags: ['human tasks'],
  summary: 'Claim a task; a second claimer gets 409 already_claimed',
  request: { params: TaskParams, ...body(ClaimBody) },
  responses: { 200: jsonContent(HumanTaskSchema, 'The claimed task'), ...errorResponses },
});

const assignTask = createRoute({
  middleware: [requires('tasks.assign')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/assign',
  tags: ['human tasks'],
  summary: 'Assign an open task to a person or a team; a claim on it is released',
  request: { params: TaskParams, ...body(AssignBody) },
  responses: { 200: jsonContent(HumanTaskSchema, 'The assigned task'), ...errorResponses },
});

const cancelTask = createRoute({
  middleware: [requires('tasks.cancel')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/cancel',
  tags: ['human tasks'],
  summary: 'Close an open task unanswered; a run waiting on it gets a rejection "cancelled: reason" and continues',
  request: { params: TaskParams, ...body(CancelBody) },
  responses: { 200: jsonContent(CancelResultSchema, 'The cancelled task and the run after it continued'), ...errorResponses },
});

const resolveTask = createRoute({
  middleware: [requires('tasks.resolve')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/human-tasks/{taskId}/resolve',
  tags: ['human tasks'],
  summary: 'Decide a task; an approval resumes its run, which continues before this returns',
  description: 'For approvals `decision` is `approved` or `rejected`; `fields.args` approves with edited tool arguments; `notes` is the reason the agent and customer see. `fields` answers the task\'s form: a missing, mistyped or unknown field is 422 invalid_fields. A second decision gets 409 already_decided with the winning decision; a cancelled or expired task 409 task_closed; an open task whose run no longer waits for it 409 not_awaiting_approval. Each refusal\'s message says what happened and when, and that the answer was not applied.',
  request: { params: TaskParams, ...body(ResolveBody) },
  responses: { 200: jsonContent(ResolveResultSchema, 'The decided task and the run after it continued'), ...withFieldErrors },
});

const respond = createRoute({
  middleware: [requires('tasks.decide')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/respond/{ref}',
  tags: ['human tasks'],
  summary: 'Approve or reject whatever a run, thread or ticket is waiting for',
  request: { params: ProjectParam.extend({ ref: z.string().min(1).max(100).openapi({ param: { name: 'ref', in: 'path' }, description: 'Run id, thread id, ticket id or number' }) }), ...body(RespondBody) },
  responses: { 200: jsonContent(ChatResultSchema, 'The thread after the run continued'), ...errorResponses },
});

export function humanTaskRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(createTask, async (c) => {
    const input = c.req.valid('json');
    return c.json(await sb.tasks.create(c.req.valid('param').projectId, { ...input, createdBy: actorOf(c, input.createdBy) }), 201);
  });

  app.openapi(listTasks, async (c) => c.json({ tasks: await sb.tasks.list(c.req.valid('param').projectId, c.req.valid('query')) }, 200));

  app.openapi(getTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.get(projectId, taskId), 200);
  });

  app.openapi(claimTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    return c.json(await sb.tasks.claim(projectId, taskId, actorOf(c, c.req.valid('json').userId)), 200);
  });

  app.openapi(assignTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    return c.json(await sb.tasks.assign(projectId, taskId, assignmentOf(input), actorOf(c, input.by)), 200);
  });

  app.openapi(cancelTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const cancelled = await sb.tasks.cancel(projectId, taskId, actorOf(c, input.by), input.reason ?? null);
    return c.json({ task: cancelled.task, run: cancelled.runId ? await sb.chat.runResult(cancelled.runId) : null }, 200);
  });

  app.openapi(resolveTask, async (c) => {
    const { projectId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const respondedBy = actorOf(c, input.respondedBy);
    await checkApproval(c, sb, { projectId, taskId, actor: respondedBy, approving: input.decision === 'approved', fields: input.fields ?? null });
    const resolved = await sb.tasks.resolve(projectId, taskId, { respondedBy, decision: input.decision, notes: input.notes ?? null, ...(input.fields ? { fields: input.fields } : {}) });
    return c.json({ task: resolved.task, run: resolved.runId ? await sb.chat.runResult(resolved.runId) : null }, 200);
  });

  app.openapi(respond, async (c) => {
    const { projectId, ref } = c.req.valid('param');
    const input = c.req.valid('json');
    const respondedBy = actorOf(c, input.respondedBy);
    await checkApproval(c, sb, { projectId, taskId: await sb.chat.pendingApprovalTask(projectId, ref), actor: respondedBy, approving: input.approval, fields: null });
    return c.json(await sb.chat.decideByRef(projectId, ref, { approval: input.approval, reason: input.reason ?? null, respondedBy }), 200);
  });
}

/** The body's schema already insists on exactly one of the two. */
function assignmentOf(input: z.infer<typeof AssignBody>): Assignment {
  return input.assignedTo !== undefined ? { assignedTo: input.assignedTo } : { assignedToTeam: input.assignedToTeam ?? '' };
}
