// The text a flow node carries, compiled once at load: messages and reasons are {{variable}} templates,
// tool arguments are JSON whose strings may be templates, and conditions are CEL written with {{ }}.
import { SwitchboardError } from '../domain/errors.ts';
import { compileTemplate, type Template } from '../escalation/template.ts';
import { readPath } from '../escalation/variable-path.ts';
import { compileCondition, type Condition } from '../policy/condition.ts';

export class FlowTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowTemplateError';
  }
}

export interface ArgumentsTemplate {
  readonly variables: readonly string[];
  /** A string that is exactly `{{path}}` keeps the variable's type (a number stays a number). */
  render(variables: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface FlowCondition extends Condition {
  readonly variables: readonly string[];
}

export function compileText(source: string): Template {
  try {
    return compileTemplate(source);
  } catch (error) {
    throw new FlowTemplateError(error instanceof Error ? error.message : String(error));
  }
}

/** Seed 003 writes `{{order.total}} > 500`: the placeholders name variables, CEL does the rest. */
export function compileFlowCondition(source: string): FlowCondition {
  const template = compileText(source);
  const expression = source.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, '$1');
  try {
    return { ...compileCondition(expression), variables: template.variables };
  } catch (error) {
    throw new FlowTemplateError(`the condition is not valid CEL: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function compileArguments(raw: string | Record<string, unknown>): ArgumentsTemplate {
  const value = typeof raw === 'string' ? parseJsonObject(raw) : raw;
  const strings = new Map<string, Template>();
  collectStrings(value, strings);
  const variables = [...new Set([...strings.values()].flatMap((template) => template.variables))];
  const render = (values: Readonly<Record<string, unknown>>) => renderValue(value, strings, values) as Record<string, unknown>;
  return Object.freeze({ variables, render });
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FlowTemplateError(`arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FlowTemplateError('arguments must be a JSON object like {"order_id": "{{order.id}}"}');
  return value as Record<string, unknown>;
}

function collectStrings(value: unknown, into: Map<string, Template>): void {
  if (typeof value === 'string') into.set(value, compileText(value));
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, into));
}

function renderValue(value: unknown, strings: ReadonlyMap<string, Template>, variables: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return renderString(value, strings.get(value), variables);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, strings, variables));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, strings, variables)]));
  return value;
}

/** A tool never receives "[order.id not set]": a missing variable stops the call with a clear error. */
function renderString(source: string, template: Template | undefined, variables: Readonly<Record<string, unknown>>): unknown {
  if (!template || template.variables.length === 0) return source;
  const missing = template.variables.filter((path) => readPath(variables, path) === undefined || readPath(variables, path) === null);
  if (missing.length > 0) throw new SwitchboardError('invalid_request', `The tool arguments need ${missing.map((path) => `{{${path}}}`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not set.`);
  const whole = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(source);
  return whole?.[1] ? readPath(variables, whole[1]) : template.render(variables);
}
