// Reads a visual-builder workflow file (seed 003's JSON) and checks it whole before anything runs:
// the schema, the graph (one trigger, edges between existing nodes by valid handles) and every
// template and condition. Each problem names the file, line and path, like switchboard.yaml's.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { SwitchboardError } from '../domain/errors.ts';
import { configError, documentValue, pathProblem, schemaProblem, yamlProblem, type ConfigProblem } from '../config/config-problems.ts';
import { rootOf } from '../escalation/variable-path.ts';
import type { Template } from '../escalation/template.ts';
import { builtinVariables, flowDocumentSchema, handlesOf, type FlowDocument, type FlowNode, type FlowNodeOf } from './flow-document.ts';
import { compileArguments, compileFlowCondition, compileText, FlowTemplateError, type ArgumentsTemplate, type FlowCondition } from './flow-templates.ts';

export type CompiledFlowNode =
  | { node: FlowNodeOf<'trigger'> }
  | { node: FlowNodeOf<'auth_gate'> }
  | { node: FlowNodeOf<'mcp_tool'>; arguments: ArgumentsTemplate }
  | { node: FlowNodeOf<'logic'>; condition: FlowCondition }
  | { node: FlowNodeOf<'action'>; reason: Template; message: Template | null }
  | { node: FlowNodeOf<'send_message'>; message: Template };

export interface LoadedFlow {
  readonly name: string;
  readonly source: string;
  /** Content hash: the version a run started on. */
  readonly hash: string;
  /** The document as written: a run's version keeps it, to rebuild the flow after it changed. */
  readonly text: string;
  readonly start: string;
  /** Node ids in file order: `nodes[i]` in error paths. */
  readonly order: readonly string[];
  readonly nodes: ReadonlyMap<string, CompiledFlowNode>;
  /** node id → handle ('' for the plain edge) → target node id. */
  readonly edges: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** A problem found later (an unknown tool) still points at its place in the file. */
  problemAt(path: readonly (string | number)[], message: string): SwitchboardError;
}

export function loadFlowFile(name: string, path: string, displayPath = path): LoadedFlow {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new SwitchboardError('invalid_config', `Cannot read the workflow file ${displayPath}: ${reason}.`, { source: displayPath });
  }
  return parseFlow(name, text, displayPath);
}

export function parseFlow(name: string, text: string, source: string): LoadedFlow {
  const lines = new LineCounter();
  // JSON is YAML: the YAML parser keeps every value's position for the error messages.
  const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (yaml.errors.length > 0) throw configError(yaml.errors.map((error) => yamlProblem(source, error)));
  const parsed = flowDocumentSchema.safeParse(documentValue(source, yaml, lines));
  if (!parsed.success) throw configError(parsed.error.issues.map((issue) => schemaProblem(source, issue, yaml, lines)));
  const at = (path: readonly (string | number)[], message: string) => pathProblem(source, path, message, yaml, lines);
  const checked = checkFlow(parsed.data, at);
  if (checked.problems.length > 0) throw configError(checked.problems);
  return {
    name,
    source,
    hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    text,
    start: checked.start,
    order: parsed.data.nodes.map((node) => node.id),
    nodes: checked.nodes,
    edges: checked.edges,
    problemAt: (path, message) => configError([at(path, message)]),
  };
}

type At = (path: readonly (string | number)[], message: string) => ConfigProblem;

interface Checked {
  problems: ConfigProblem[];
  start: string;
  nodes: Map<string, CompiledFlowNode>;
  edges: Map<string, Map<string, string>>;
}

function checkFlow(document: FlowDocument, at: At): Checked {
  const problems: ConfigProblem[] = [];
  const nodes = new Map<string, CompiledFlowNode>();
  const known = knownVariables(document);
  document.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) problems.push(at(['nodes', index, 'id'], `node id "${node.id}" is used twice`));
    const compiled = compileNode(node, index, known, at, problems);
    if (compiled) nodes.set(node.id, compiled);
  });
  const start = checkTrigger(document, at, problems);
  const edges = checkEdges(document, start, at, problems);
  return { problems, start, nodes, edges };
}

/** What templates may name: the built-ins, each node's output, and `handoff` where a person can decide. */
function knownVariables(document: FlowDocument): Set<string> {
  const written = document.nodes.flatMap((node) => ('outputVariable' in node.data && typeof node.data.outputVariable === 'string' ? [node.data.outputVariable] : []));
  return new Set<string>([...builtinVariables, ...written, ...(document.nodes.some((node) => node.type === 'action' || node.type === 'mcp_tool') ? ['handoff'] : [])]);
}

function checkTrigger(document: FlowDocument, at: At, problems: ConfigProblem[]): string {
  const triggers = document.nodes.flatMap((node, index) => (node.type === 'trigger' ? [{ node, index }] : []));
  if (triggers.length === 0) problems.push(at(['nodes'], 'the workflow has no trigger node: add { "type": "trigger", "data": { "triggerType": "message_received" } }'));
  for (const extra of triggers.slice(1)) problems.push(at(['nodes', extra.index, 'type'], `a workflow has one trigger; "${triggers[0]?.node.id}" is already one`));
  return triggers[0]?.node.id ?? '';
}

function compileNode(node: FlowNode, index: number, known: ReadonlySet<string>, at: At, problems: ConfigProblem[]): CompiledFlowNode | null {
  const field = (key: string, compile: () => { variables: readonly string[] }) => {
    try {
      const compiled = compile();
      const unknown = compiled.variables.filter((path) => !known.has(rootOf(path)));
      for (const path of unknown) problems.push(at(['nodes', index, 'data', key], `unknown variable {{${path}}}: no node writes "${rootOf(path)}" (known: ${[...known].join(', ')})`));
      return compiled;
    } catch (error) {
      if (!(error instanceof FlowTemplateError)) throw error;
      problems.push(at(['nodes', index, 'data', key], error.message));
      return null;
    }
  };
  switch (node.type) {
    case 'trigger':
    case 'auth_gate':
      return { node } as CompiledFlowNode;
    case 'mcp_tool': {
      const args = field('arguments', () => compileArguments(node.data.arguments));
      return args ? { node, arguments: args as ArgumentsTemplate } : null;
    }
    case 'logic': {
      const condition = field('condition', () => compileFlowCondition(node.data.condition));
      return condition ? { node, condition: condition as FlowCondition } : null;
    }
    case 'action': {
      const reason = field('reason', () => compileText(node.data.reason));
      const message = node.data.message === undefined ? null : field('message', () => compileText(node.data.message ?? ''));
      return reason ? { node, reason: reason as Template, message: message as Template | null } : null;
    }
    case 'send_message': {
      const message = field('message', () => compileText(node.data.message));
      return message ? { node, message: message as Template } : null;
    }
  }
}

function checkEdges(document: FlowDocument, start: string, at: At, problems: ConfigProblem[]): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  const typeOf = new Map(document.nodes.map((node) => [node.id, node.type]));
  document.edges.forEach((edge, index) => {
    const sourceType = typeOf.get(edge.source);
    if (!sourceType) return problems.push(at(['edges', index, 'source'], `edge from "${edge.source}", which is not a node (nodes: ${[...typeOf.keys()].join(', ')})`));
    if (!typeOf.has(edge.target)) return problems.push(at(['edges', index, 'target'], `edge to "${edge.target}", which is not a node (nodes: ${[...typeOf.keys()].join(', ')})`));
    if (edge.target === start) return problems.push(at(['edges', index, 'target'], 'no edge may lead back to the trigger'));
    const handle = edge.sourceHandle ?? '';
    const allowed = handlesOf[sourceType];
    if (!allowed.includes(handle)) return problems.push(at(['edges', index, 'sourceHandle'], handleProblem(sourceType, handle, allowed)));
    const out = edges.get(edge.source) ?? new Map<string, string>();
    if (out.has(handle)) return problems.push(at(['edges', index], `"${edge.source}" already has an edge${handle ? ` for "${handle}"` : ''}, to "${out.get(handle)}"`));
    out.set(handle, edge.target);
    edges.set(edge.source, out);
  });
  return edges;
}

function handleProblem(type: FlowNode['type'], handle: string, allowed: readonly string[]): string {
  const named = allowed.filter((name) => name !== '');
  const plain = allowed.includes('') ? 'no sourceHandle' : null;
  const options = [plain, ...named.map((name) => `"${name}"`)].filter((option) => option !== null).join(' or ');
  return `a ${type} node has no "${handle || '(none)'}" handle; use ${options}`;
}
