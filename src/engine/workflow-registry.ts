// The workflows a process can run, by name. Code-defined graphs must be registered in every process.
import { SwitchboardError } from '../domain/errors.ts';
import type { Workflow, WorkflowState } from './graph.ts';

export class WorkflowRegistry {
  readonly #workflows = new Map<string, Workflow>();

  constructor(workflows: readonly Workflow[] = []) {
    for (const workflow of workflows) this.register(workflow);
  }

  register<S extends WorkflowState>(workflow: Workflow<S>): void {
    if (this.#workflows.has(workflow.name)) throw new SwitchboardError('invalid_config', `Workflow "${workflow.name}" is registered twice.`);
    this.#workflows.set(workflow.name, workflow as unknown as Workflow);
  }

  get(name: string): Workflow {
    const workflow = this.#workflows.get(name);
    if (!workflow) throw new SwitchboardError('unknown_workflow', `No workflow named "${name}" is registered in this process.`);
    return workflow;
  }

  has(name: string): boolean {
    return this.#workflows.has(name);
  }

  list(): Workflow[] {
    return [...this.#workflows.values()];
  }
}
