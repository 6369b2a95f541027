// The demo configuration for in-process tests: the same file, minus its MCP servers and the flows and
// policies that need them, so a test does not start two server processes it never calls. Tests of MCP
// and flows start the servers themselves; server-process tests run the demo as shipped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';

export function demoTextWithoutMcp(text = readFileSync(demoConfigPath, 'utf8')): string {
  const document = parseDocument(text);
  document.delete('mcp_servers');
  document.delete('flows');
  const tools = document.get('tools');
  if (isMap(tools)) for (const pair of [...tools.items]) if (String(pair.key).includes('__')) tools.delete(pair.key);
  return document.toString();
}

let cached: LoadedConfig | undefined;

export function inProcessDemoConfig(): LoadedConfig {
  cached ??= parseConfig(demoTextWithoutMcp(), { source: 'demo-without-mcp.yaml', baseDir: dirname(demoConfigPath) });
  return cached;
}

let written: string | undefined;

/** The same configuration as a file for child processes (relative paths made absolute). */
export function inProcessDemoConfigFile(): string {
  if (written) return written;
  const document = parseDocument(demoTextWithoutMcp());
  const examples = document.getIn(['classifier', 'examples']);
  if (typeof examples === 'string') document.setIn(['classifier', 'examples'], resolve(dirname(demoConfigPath), examples));
  written = join(mkdtempSync(join(tmpdir(), 'switchboard-config-')), 'switchboard.yaml');
  writeFileSync(written, document.toString());
  return written;
}
