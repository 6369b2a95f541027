// The tools of the configured MCP servers as Switchboard tools named `server__tool`: the risk tier from
// the server's hints, arguments checked against the server's JSON Schema, each call carrying its
// idempotency key so that a retried refund is still one refund.
import { z } from 'zod';
import type { JSONSchema } from 'zod/v4/core';
import type { McpServerConfig } from '../../config/config-schema.ts';
import { silentLogger, type Logger } from '../../domain/logger.ts';
import { defineTool, type Tool } from '../tool.ts';
// The SDK is loaded only when a server is configured: every CLI command starts faster without it.
import type { McpConnection, McpConnectionOptions, McpToolInfo } from './mcp-connection.ts';
import { mcpResultValue } from './mcp-result.ts';
import { riskFromAnnotations } from './risk.ts';

export interface McpTools {
  readonly tools: Tool[];
  /** Stops every stdio server and ends every session. */
  close(): Promise<void>;
}

export interface McpToolsOptions {
  /** The configuration file's directory, against which a stdio server's `cwd` is resolved. */
  baseDir: string;
  /** Fills `${NAME}` in headers and env, and passes PATH, HOME… to stdio servers; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives what stdio servers write to stderr, and reconnections. */
  logger?: Logger;
}

interface StartedServer {
  readonly connection: McpConnection;
  readonly tools: Tool[];
}

const separator = '__';

export function mcpToolName(server: string, tool: string): string {
  return `${server}${separator}${tool}`;
}

/** The server a tool comes from (`orders` for `orders__get_order`); null for a tool that is not an MCP tool's. */
export function mcpServerOf(toolName: string): string | null {
  const at = toolName.indexOf(separator);
  return at > 0 ? toolName.slice(0, at) : null;
}

/** Starts every server in parallel; if one cannot start, stops the others and throws its `invalid_config`. */
export async function connectMcpServers(servers: Readonly<Record<string, McpServerConfig>>, options: McpToolsOptions): Promise<McpTools> {
  if (Object.keys(servers).length === 0) return { tools: [], close: async () => undefined };
  const resolved: McpConnectionOptions = { baseDir: options.baseDir, env: options.env ?? process.env, logger: options.logger ?? silentLogger };
  const results = await Promise.allSettled(Object.entries(servers).map(([name, config]) => startServer(name, config, resolved)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = () => closeAll(started.map((server) => server.connection));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { tools: started.flatMap((server) => server.tools), close };
}

async function startServer(name: string, config: McpServerConfig, options: McpConnectionOptions): Promise<StartedServer> {
  const [{ McpConnection }, { mcpStartupFailure }] = await Promise.all([import('./mcp-connection.ts'), import('./mcp-errors.ts')]);
  const connection = await McpConnection.open(name, config, options);
  try {
    const infos = await connection.listTools();
    return { connection, tools: infos.map((info) => mcpTool(connection, info, config.timeout_ms)) };
  } catch (error) {
    await connection.close();
    throw mcpStartupFailure(name, config, error);
  }
}

async function closeAll(connections: readonly McpConnection[]): Promise<void> {
  await Promise.all(connections.map((connection) => connection.close()));
}

function mcpTool(connection: McpConnection, info: McpToolInfo, timeoutMs: number): Tool {
  return defineTool({
    name: mcpToolName(connection.server, info.name),
    description: info.description ?? info.title ?? info.name,
    risk: riskFromAnnotations(info.annotations),
    input: inputSchema(info),
    execute: async (args, context) => mcpResultValue(connection.server, info.name, await connection.callTool(info.name, args, context.idempotencyKey, timeoutMs)),
  });
}

/** MCP requires an object schema (`type: "object"`), so what it accepts is a record. */
function inputSchema(info: McpToolInfo): z.ZodType<Record<string, unknown>> {
  return z.fromJSONSchema(info.inputSchema as JSONSchema.JSONSchema) as z.ZodType<Record<string, unknown>>;
}
