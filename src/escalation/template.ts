// Templates for the text a human or customer reads (a trigger's REASON, an ON_ERROR reply):
// `{{refund_amount}}` is replaced by the variable's value. In seed 001's "${{refund_amount}}" the `$`
// is ordinary text before the placeholder, so 1500 renders as "$1500".
import { formatMoney, type Money } from '../domain/money.ts';
import { isVariablePath, readPath } from './variable-path.ts';

export interface Template {
  readonly source: string;
  /** The variable paths named, in order of first appearance. */
  readonly variables: readonly string[];
  /** Never throws: a variable that is not set renders as `[name not set]`, so an escalation still goes out. */
  render(variables: Readonly<Record<string, unknown>>): string;
}

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

type Part = { kind: 'text'; text: string } | { kind: 'variable'; path: string };

const placeholder = /\{\{([^{}]*)\}\}/g;

/** Compiles a template; throws TemplateSyntaxError for an unclosed `{{` or a placeholder that is not a variable path. */
export function compileTemplate(source: string): Template {
  const parts = parse(source);
  const variables = [...new Set(parts.flatMap((part) => (part.kind === 'variable' ? [part.path] : [])))];
  const render = (values: Readonly<Record<string, unknown>>): string => parts.map((part) => renderPart(part, values)).join('');
  return Object.freeze({ source, variables: Object.freeze(variables), render });
}

function parse(source: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(placeholder)) {
    parts.push({ kind: 'text', text: literalText(source.slice(last, match.index)) });
    parts.push({ kind: 'variable', path: variablePath(match[1] ?? '') });
    last = match.index + match[0].length;
  }
  parts.push({ kind: 'text', text: literalText(source.slice(last)) });
  return parts.filter((part) => part.kind === 'variable' || part.text !== '');
}

function literalText(text: string): string {
  if (text.includes('{{') || text.includes('}}')) throw new TemplateSyntaxError(`unbalanced braces in "${text}": write placeholders as {{variable.path}}`);
  return text;
}

function variablePath(inside: string): string {
  const path = inside.trim();
  if (!isVariablePath(path)) throw new TemplateSyntaxError(`"{{${inside}}}" is not a variable path like {{refund_amount}} or {{user.email}}`);
  return path;
}

function renderPart(part: Part, values: Readonly<Record<string, unknown>>): string {
  if (part.kind === 'text') return part.text;
  const value = readPath(values, part.path);
  return value === undefined || value === null ? `[${part.path} not set]` : renderValue(value);
}

/** Numbers as written (1500, not 1,500.00), money as money ($1,500.00), lists comma-separated. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  if (isMoney(value)) return formatMoney(value);
  return JSON.stringify(value) ?? '';
}

function isMoney(value: unknown): value is Money {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Money>;
  return Number.isInteger(candidate.amountCents) && typeof candidate.currency === 'string';
}
