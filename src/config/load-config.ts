// Reads switchboard.yaml: YAML with positions, validated by the config schema. Every problem is
// reported as `file:line:column path: message`, so the reader can go straight to it.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { SwitchboardError } from '../domain/errors.ts';
import { configSchema, type ConfigFile } from './config-schema.ts';

export interface LoadedConfig {
  /** Where the configuration came from (a path, or a label for in-memory text). */
  readonly source: string;
  /** Relative paths inside the configuration resolve against this directory. */
  readonly baseDir: string;
  readonly file: ConfigFile;
  /** Content hash: what a run records as the configuration version it started with. */
  readonly hash: string;
  readonly text: string;
}

export interface ConfigProblem {
  source: string;
  line: number | null;
  column: number | null;
  path: string;
  message: string;
}

/** The demo configuration shipped with Switchboard: the default when none is given. */
export const demoConfigPath = fileURLToPath(new URL('../../config/switchboard.yaml', import.meta.url));

export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new SwitchboardError('invalid_config', `Cannot read the configuration ${path}: ${reason}.`, { source: path });
  }
  return parseConfig(text, { source: path, baseDir: dirname(absolute) });
}

export function parseConfig(text: string, where: { source: string; baseDir: string }): LoadedConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (document.errors.length > 0) throw configError(document.errors.map((error) => yamlProblem(where.source, error)));
  const parsed = configSchema.safeParse(withoutEmptySections(document.toJS()));
  if (!parsed.success) throw configError(parsed.error.issues.map((issue) => schemaProblem(where.source, issue, document, lines)));
  const duplicates = duplicateRuleIds(parsed.data);
  if (duplicates.length > 0) throw configError(duplicates.map((index) => pathProblem(where.source, ['support_rules', index, 'id'], 'this rule id is used twice', document, lines)));
  return { source: where.source, baseDir: where.baseDir, file: parsed.data, hash: createHash('sha256').update(text).digest('hex').slice(0, 16), text };
}

/** A problem found after loading (e.g. an unknown tool name) still points at its place in the file. */
export function problemAt(config: LoadedConfig, path: readonly (string | number)[], message: string): SwitchboardError {
  const lines = new LineCounter();
  const document = parseDocument(config.text, { lineCounter: lines });
  return configError([pathProblem(config.source, path, message, document, lines)]);
}

export function formatProblem(problem: ConfigProblem): string {
  const position = problem.line === null ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  return `${problem.source}${position}${path} ${problem.message}`;
}

function configError(problems: ConfigProblem[]): SwitchboardError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new SwitchboardError('invalid_config', `${first ? formatProblem(first) : 'invalid configuration'}${more}`, { problems });
}

function yamlProblem(source: string, error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigProblem {
  const position = error.linePos?.[0];
  return { source, line: position?.line ?? null, column: position?.col ?? null, path: '', message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '') };
}

function schemaProblem(source: string, issue: z.core.$ZodIssue, document: Document, lines: LineCounter): ConfigProblem {
  return pathProblem(source, issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)), issue.message, document, lines);
}

function pathProblem(source: string, path: readonly (string | number)[], message: string, document: Document, lines: LineCounter): ConfigProblem {
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

function formatPath(path: readonly (string | number)[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/** `llm:` with nothing under it is YAML null; it means "defaults", as a missing section does. */
function withoutEmptySections(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, section]) => section !== null));
}

function duplicateRuleIds(file: ConfigFile): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  file.support_rules.forEach((rule, index) => {
    const key = String(rule.id);
    if (seen.has(key)) duplicates.push(index);
    seen.add(key);
  });
  return duplicates;
}
