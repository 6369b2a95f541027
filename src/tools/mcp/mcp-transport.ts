// Builds the SDK transport for one configured MCP server: a child process speaking stdio, or a
// Streamable HTTP endpoint. Settings are resolved here (paths, `${NAME}`, the Node binary), once per start.
import { resolve } from 'node:path';
import { DEFAULT_INHERITED_ENV_VARS, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../../config/config-schema.ts';
import type { Logger } from '../../domain/logger.ts';
import { expandEnvRecord } from '../../config/env-template.ts';

export interface McpTransportOptions {
  /** Where a relative `cwd` is resolved: the configuration file's directory. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface McpTransport {
  readonly transport: Transport;
  /** The stdio server's process id once started; null over HTTP. */
  pid(): number | null;
  /** The last lines the stdio server wrote to stderr, for a startup error; empty over HTTP. */
  stderrTail(): string;
}

type StdioConfig = Extract<McpServerConfig, { command: string }>;
type HttpConfig = Extract<McpServerConfig, { url: string }>;

const stderrTailChars = 2_000;

export function createMcpTransport(server: string, config: McpServerConfig, options: McpTransportOptions): McpTransport {
  return 'command' in config ? stdioTransport(server, config, options) : httpTransport(server, config, options);
}

/** How the server is reached, for error messages: its command line or its URL. */
export function describeMcpServer(config: McpServerConfig): string {
  return 'command' in config ? [config.command, ...config.args].join(' ') : config.url;
}

/** `node` means the Node running Switchboard, so configurations work under any Node install. */
function commandOf(config: StdioConfig): string {
  return config.command === 'node' ? process.execPath : config.command;
}

/** The variables a server needs to run at all (PATH, HOME…), not the whole environment with its secrets. */
function inheritedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(DEFAULT_INHERITED_ENV_VARS.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

function stdioTransport(server: string, config: StdioConfig, options: McpTransportOptions): McpTransport {
  const transport = new StdioClientTransport({
    command: commandOf(config),
    args: config.args,
    env: { ...inheritedEnv(options.env), ...expandEnvRecord(config.env, options.env, `mcp_servers.${server}.env`) },
    cwd: resolve(options.baseDir, config.cwd ?? '.'),
    stderr: 'pipe',
  });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-stderrTailChars);
    options.logger.info({ mcp_server: server, stderr: text.trimEnd() }, 'MCP server wrote to stderr');
  });
  return { transport, pid: () => transport.pid, stderrTail: () => tail.trim() };
}

function httpTransport(server: string, config: HttpConfig, options: McpTransportOptions): McpTransport {
  const headers = expandEnvRecord(config.headers, options.env, `mcp_servers.${server}.headers`);
  const transport = new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers } });
  return { transport, pid: () => null, stderrTail: () => '' };
}
