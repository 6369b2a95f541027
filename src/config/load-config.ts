// Reads switchboard.yaml: YAML with positions, validated by the config schema. Every problem is
// reported as `file:line:column path: message`, so the reader can go straight to it.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { SwitchboardError } from '../domain/errors.ts';
import { configSchema, type ConfigFile } from './config-schema.ts';
import { configError, documentValue, pathProblem, schemaProblem, yamlProblem } from './config-problems.ts';

export { formatProblem, type ConfigProblem } from './config-problems.ts';

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
  const parsed = configSchema.safeParse(withoutEmptySections(documentValue(where.source, document, lines)));
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
