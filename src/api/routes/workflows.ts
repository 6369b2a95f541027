// The playground's graph (seed 004): the workflows this server runs, each one's nodes and edges, and
// the path a run took through them, to highlight as the conversation goes on.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowGraphs } from '../../app/workflow-graphs.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import { runStatuses } from '../../domain/run.ts';
import { layers, stepWaits } from '../../domain/step.ts';
import { nodeKinds } from '../../engine/graph.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const WorkflowSummarySchema = z
  .object({
    name: z.string().openapi({ example: 'support-triage' }),
    kind: z.enum(['built-in', 'flow', 'code']),
    default: z.boolean().openapi({ description: 'New conversations start this workflow unless they name another.' }),
    source: z.string().nullable().openapi({ description: 'The flow file as the configuration names it; null for other kinds.' }),
  })
  .openapi('WorkflowSummary');

const GraphNodeSchema = z
  .object({
    id: z.string().openapi({ example: 'human_gate' }),
    label: z.string().openapi({ example: 'Human Gate' }),
    kind: z.enum([...nodeKinds, 'start', 'end']),
    layer: z.enum(layers).nullable().openapi({ description: 'The trace layer its steps usually record.' }),
    rank: z.number().int().nullable().openapi({ description: 'Fewest edges from __start__: a column for a layered drawing; null for __escalation__.' }),
  })
  .openapi('GraphNode');

const GraphEdgeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    label: z.string().nullable().openapi({ description: 'The route keys that take this edge (e.g. "refund", "approve"); null for a plain edge.', example: 'refund' }),
  })
  .openapi('GraphEdge');

const WorkflowGraphSchema = z
  .object({ workflow: z.string(), nodes: z.array(GraphNodeSchema), edges: z.array(GraphEdgeSchema) })
  .openapi('WorkflowGraph', { description: 'Every node and every edge a run can take; `__start__` and `__end__` are drawn, never executed. `__escalation__` (present when escalation is configured) has no edges: any step may pause there.' });

const PathVisitSchema = z
  .object({
    node: z.string(),
    status: z.enum(['passed', 'waiting', 'running', 'failed']),
    seqs: z.array(z.number().int()).openapi({ description: 'The steps of this visit: a pause and its resumption are one visit.' }),
    waits: z.array(z.enum(stepWaits)).openapi({ description: 'What the visit paused for, each time it did.' }),
    decision: z.string().nullable(),
  })
  .openapi('PathVisit');

const RunPathSchema = z
  .object({
    run_id: z.string(),
    ticket_id: z.string(),
    workflow: z.string(),
    status: z.enum(runStatuses),
    waiting_for: z.object({ kind: z.enum(['approval', 'escalation', 'customer', 'timer']), task_id: z.string().nullable() }).nullable(),
    path: z.array(PathVisitSchema),
  })
  .openapi('RunPath');

const WorkflowParams = ProjectParam.extend({ name: z.string().min(1).max(100).openapi({ param: { name: 'name', in: 'path' }, example: 'support-triage' }) });
const RunParams = ProjectParam.extend({ runId: z.string().min(1).max(100).openapi({ param: { name: 'runId', in: 'path' } }) });

const listRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/workflows',
  tags: ['workflows'],
  summary: 'The workflows this server runs: the built-in support graph, flows and code-defined ones',
  request: { params: ProjectParam },
  responses: { 200: jsonContent(z.object({ workflows: z.array(WorkflowSummarySchema) }), 'Workflows'), ...errorResponses },
});

const graphRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/workflows/{name}/graph',
  tags: ['workflows'],
  summary: "A workflow's nodes and edges, as the playground draws them",
  request: { params: WorkflowParams },
  responses: { 200: jsonContent(WorkflowGraphSchema, 'The graph'), ...errorResponses },
});

const pathRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/runs/{runId}/path',
  tags: ['workflows'],
  summary: 'The nodes a run visited in order, from __start__ to where it waits or __end__',
  description: 'Consecutive visits are edges of the workflow graph (or pass through `__escalation__`). A visit that paused and was resumed stays one visit.',
  request: { params: RunParams },
  responses: { 200: jsonContent(RunPathSchema, 'The path'), ...errorResponses },
});

export function workflowRoutes(app: SwitchboardApp, sb: Switchboard): void {
  const graphs = new WorkflowGraphs({ db: sb.db, workflows: sb.workflows, config: sb.config });
  app.openapi(listRoute, (c) => c.json({ workflows: graphs.list() }, 200));
  app.openapi(graphRoute, (c) => c.json(graphs.graph(c.req.valid('param').name), 200));
  app.openapi(pathRoute, async (c) => {
    const { projectId, runId } = c.req.valid('param');
    return c.json(await graphs.path(projectId, runId), 200);
  });
}
