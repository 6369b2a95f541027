// The workflows this process runs, drawn as graphs, and the path each run took through its graph:
// what the dashboard's playground shows and highlights as a conversation goes on.
import type { LoadedConfig } from '../config/load-config.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { RunStatus, RunWait } from '../domain/run.ts';
import type { StepStatus, StepWait } from '../domain/step.ts';
import { describeWorkflow, type WorkflowGraph } from '../engine/graph-description.ts';
import { runPath, type PathVisit } from '../engine/run-path.ts';
import type { WorkflowRegistry } from '../engine/workflow-registry.ts';
import type { Db } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import { supportWorkflowName } from '../workflows/support-triage/state.ts';
import { escalationConfigured } from './escalation-configured.ts';

/** `built-in`: the default support graph; `flow`: a visual-builder file; `code`: registered in TypeScript. */
export type WorkflowKind = 'built-in' | 'flow' | 'code';

export interface WorkflowSummary {
  name: string;
  kind: WorkflowKind;
  /** New conversations start it unless they name another. */
  default: boolean;
  /** The flow file, as the configuration names it. */
  source: string | null;
}

export interface RunPathView {
  run_id: string;
  ticket_id: string;
  workflow: string;
  status: RunStatus;
  /** What the run waits for now, with the task a person decides when there is one. */
  waiting_for: { kind: RunWait['kind']; task_id: string | null } | null;
  path: PathVisit[];
}

export interface WorkflowGraphDeps {
  db: Db;
  workflows: WorkflowRegistry;
  config: LoadedConfig;
}

export class WorkflowGraphs {
  readonly #d: WorkflowGraphDeps;

  constructor(deps: WorkflowGraphDeps) {
    this.#d = deps;
  }

  list(): WorkflowSummary[] {
    const { flows, default_workflow } = this.#d.config.file;
    return this.#d.workflows.list().map(({ name }) => ({ name, kind: kindOf(name, flows), default: name === default_workflow, source: flows[name] ?? null }));
  }

  graph(name: string): WorkflowGraph {
    if (!this.#d.workflows.has(name)) throw new SwitchboardError('not_found', `No workflow named "${name}" (known: ${this.list().map((w) => w.name).join(', ')}).`);
    return describeWorkflow(this.#d.workflows.get(name), { escalation: escalationConfigured(this.#d.config.file.escalation) });
  }

  async path(projectId: string, runId: string): Promise<RunPathView> {
    const db = this.#d.db.kysely;
    const run = await db.selectFrom('runs').select(['id', 'ticket_id', 'workflow', 'status', 'current_node', 'wait']).where('project_id', '=', projectId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw new SwitchboardError('run_not_found', `No run "${runId}" in project "${projectId}".`);
    const steps = await db.selectFrom('steps').select(['seq', 'node', 'status', 'wait', 'decision']).where('run_id', '=', run.id).orderBy('seq').execute();
    const status = run.status as RunStatus;
    const path = runPath({ status, currentNode: run.current_node }, steps.map((step) => ({ ...step, status: step.status as StepStatus, wait: step.wait as StepWait | null })));
    return { run_id: run.id, ticket_id: run.ticket_id, workflow: run.workflow, status, waiting_for: waitingFor(fromJson<RunWait | null>(run.wait, null)), path };
  }
}

function kindOf(name: string, flows: Readonly<Record<string, string>>): WorkflowKind {
  if (name === supportWorkflowName) return 'built-in';
  return Object.hasOwn(flows, name) ? 'flow' : 'code';
}

function waitingFor(wait: RunWait | null): RunPathView['waiting_for'] {
  if (!wait) return null;
  return { kind: wait.kind, task_id: wait.kind === 'approval' || wait.kind === 'escalation' ? wait.taskId : null };
}
