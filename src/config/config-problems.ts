// Problems in a configuration file, each pointing at its place: `file:line:column path: message`.
// Shared by switchboard.yaml and the workflow files it names.
import { isAlias, isMap, isScalar, visit, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { SwitchboardError } from '../domain/errors.ts';

export interface ConfigProblem {
  source: string;
  line: number | null;
  column: number | null;
  path: string;
  message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const position = problem.line === null ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  return `${problem.source}${position}${path} ${problem.message}`;
}

export function configError(problems: ConfigProblem[]): SwitchboardError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new SwitchboardError('invalid_config', `${first ? formatProblem(first) : 'invalid configuration'}${more}`, { problems });
}

export function yamlProblem(source: string, error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigProblem {
  const position = error.linePos?.[0];
  return { source, line: position?.line ?? null, column: position?.col ?? null, path: '', message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '') };
}

/**
 * The document as plain values. Parsing accepts an alias whose anchor is missing and leaves the
 * alias count unchecked; turning the document into values throws for both, so that becomes a
 * problem at the offending alias rather than an exception.
 */
export function documentValue(source: string, document: Document, lines: LineCounter): unknown {
  try {
    return document.toJS();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'the document cannot be read';
    throw configError([{ source, ...aliasPosition(document, lines), path: '', message }]);
  }
}

function aliasPosition(document: Document, lines: LineCounter): { line: number | null; column: number | null } {
  let offset: number | null = null;
  visit(document, {
    Alias(_, node) {
      if (!isAlias(node) || node.resolve(document) !== undefined) return undefined;
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  if (offset === null) return { line: null, column: null };
  const position = lines.linePos(offset);
  return { line: position.line, column: position.col };
}

export function schemaProblem(source: string, issue: z.core.$ZodIssue, document: Document, lines: LineCounter): ConfigProblem {
  return pathProblem(source, issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)), issue.message, document, lines);
}

export function pathProblem(source: string, path: readonly (string | number)[], message: string, document: Document, lines: LineCounter): ConfigProblem {
  const offset = offsetOf(document, path);
  const position = offset === null ? null : lines.linePos(offset);
  return { source, line: position?.line ?? null, column: position?.col ?? null, path: formatPath(path), message };
}

/**
 * Where to point: a scalar value itself, a section (map or list) at its key, and a missing key where
 * its parent is.
 */
function offsetOf(document: Document, path: readonly (string | number)[]): number | null {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) continue;
    if (isScalar(node) || length === 0) return node.range[0];
    return keyOffset(document, path.slice(0, length)) ?? node.range[0];
  }
  return null;
}

function keyOffset(document: Document, path: readonly (string | number)[]): number | null {
  const parent = document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
  return isScalar(pair?.key) ? (pair.key.range?.[0] ?? null) : null;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}
