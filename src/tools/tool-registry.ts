// The tools a process knows by name; every process of a deployment registers the same set.
import { SwitchboardError } from '../domain/errors.ts';
import type { Tool } from './tool.ts';

export class ToolRegistry {
  readonly #tools = new Map<string, Tool>();

  constructor(tools: readonly Tool[] = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: Tool): void {
    if (this.#tools.has(tool.name)) throw new SwitchboardError('invalid_config', `Tool "${tool.name}" is registered twice.`);
    this.#tools.set(tool.name, tool);
  }

  get(name: string): Tool {
    const tool = this.#tools.get(name);
    if (!tool) throw new SwitchboardError('unknown_tool', `No tool named "${name}" is registered.`);
    return tool;
  }

  has(name: string): boolean {
    return this.#tools.has(name);
  }

  list(): Tool[] {
    return [...this.#tools.values()];
  }
}
