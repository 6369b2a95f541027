// Loads the visual-builder workflows the configuration names and checks them against the tools this
// process has; a problem points into the flow file, or at its entry in switchboard.yaml.
import { isAbsolute, relative, resolve } from 'node:path';
import { problemAt, type LoadedConfig } from '../config/load-config.ts';
import type { Workflow } from '../engine/graph.ts';
import { flowWorkflow, type FlowSettings } from '../flows/compile-flow.ts';
import { loadFlowFile, parseFlow, type LoadedFlow } from '../flows/load-flow.ts';
import { newOneTimeCode } from '../flows/one-time-code.ts';

export function loadFlows(config: LoadedConfig, reserved: readonly string[]): LoadedFlow[] {
  return Object.entries(config.file.flows).map(([name, file]) => {
    if (reserved.includes(name)) throw problemAt(config, ['flows', name], `"${name}" is the name of a built-in workflow; choose another`);
    const path = isAbsolute(file) ? file : resolve(config.baseDir, file);
    return loadFlowFile(name, path, isAbsolute(file) ? file : relative(process.cwd(), path) || file);
  });
}

/** Every tool a flow calls must exist: `isKnown` is the registry, or configured MCP servers when offline. */
export function assertFlowTools(flows: readonly LoadedFlow[], isKnown: (tool: string) => boolean, known: readonly string[]): void {
  for (const flow of flows) {
    flow.order.forEach((id, index) => {
      const compiled = flow.nodes.get(id);
      if (compiled?.node.type !== 'mcp_tool') return;
      const tool = compiled.node.data.toolName;
      if (!isKnown(tool)) throw flow.problemAt(['nodes', index, 'data', 'toolName'], `no tool named "${tool}" (known: ${known.join(', ')})`);
    });
  }
}

export function flowWorkflows(config: LoadedConfig, flows: readonly LoadedFlow[]): Workflow[] {
  const settings = flowSettings(config);
  return flows.map((flow) => flowWorkflow(flow, settings) as unknown as Workflow);
}

/** Each flow's document by workflow name: what a run's version keeps of it. */
export function flowTexts(flows: readonly LoadedFlow[]): Map<string, string> {
  return new Map(flows.map((flow) => [flow.name, flow.text]));
}

/** Compiles the flow document a run's version kept, with today's settings. */
export function rebuildFlow(config: LoadedConfig, name: string, text: string, source: string): Workflow {
  return flowWorkflow(parseFlow(name, text, source), flowSettings(config)) as unknown as Workflow;
}

function flowSettings(config: LoadedConfig): FlowSettings {
  return { botName: config.file.project.bot_name, supportEmail: config.file.support_email, newCode: newOneTimeCode };
}

export function assertDefaultWorkflow(config: LoadedConfig, names: readonly string[]): void {
  const name = config.file.default_workflow;
  if (!names.includes(name)) throw problemAt(config, ['default_workflow'], `no workflow named "${name}" (known: ${names.join(', ')})`);
}
