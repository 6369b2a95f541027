// Sorts what can go wrong talking to an MCP server into Switchboard's codes: a server that cannot start
// is a configuration problem; a lost connection or a timeout is worth retrying; a refused request is not.
import { ErrorCode as McpErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../config/config-schema.ts';
import { SwitchboardError, type ErrorCode } from '../../domain/errors.ts';
import { describeMcpServer } from './mcp-transport.ts';

/** The message, with its cause's when it has one ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"). */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** The server did not start, answer `initialize` or list its tools: Switchboard should not start either. */
export function mcpStartupFailure(server: string, config: McpServerConfig, error: unknown, stderr = ''): SwitchboardError {
  if (error instanceof SwitchboardError && error.code === 'invalid_config') return error;
  const output = stderr === '' ? '' : `\nIts stderr ended with:\n${stderr}`;
  return new SwitchboardError('invalid_config', `MCP server "${server}" could not start: ${messageOf(error)} (${describeMcpServer(config)}).${output}`, { mcp_server: server }, { cause: error });
}

/** The connection was lost and starting it again failed: worth retrying later, unlike a failed startup. */
export function mcpRestartFailure(server: string, error: unknown): SwitchboardError {
  return new SwitchboardError('unavailable', `The connection to MCP server "${server}" was lost and restarting it failed: ${messageOf(error)}`, { mcp_server: server }, { cause: error });
}

/** A request after Switchboard closed the connection (while shutting down). */
export function mcpClosedFailure(server: string): SwitchboardError {
  return new SwitchboardError('unavailable', `The connection to MCP server "${server}" was closed.`, { mcp_server: server });
}

/** What a failed request means to the engine, and how its message says it. */
interface Reading {
  code: ErrorCode;
  says: string;
}

const refused: Reading = { code: 'invalid_request', says: 'refused the request' };
const serverFailed: Reading = { code: 'tool_failed', says: 'failed' };
const unreachable: Reading = { code: 'unavailable', says: 'could not be reached' };

/** JSON-RPC errors that mean something else than a failing server. */
const protocolReadings = new Map<number, Reading>([
  [McpErrorCode.RequestTimeout, { code: 'timeout', says: 'did not answer in time' }],
  [McpErrorCode.ConnectionClosed, { code: 'unavailable', says: 'closed the connection' }],
  [McpErrorCode.InvalidRequest, refused],
  [McpErrorCode.InvalidParams, refused],
  [McpErrorCode.MethodNotFound, refused],
]);

/** A JSON-RPC error by its code; anything else (a refused socket, a dead pipe, an HTTP 5xx) is the transport failing. */
function readingOf(error: unknown): Reading {
  return error instanceof McpError ? (protocolReadings.get(error.code) ?? serverFailed) : unreachable;
}

/** A request that failed at the protocol or transport level (a tool's own error result is not one). */
export function mcpRequestFailure(server: string, what: string, error: unknown): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const reading = readingOf(error);
  return new SwitchboardError(reading.code, `MCP server "${server}" ${reading.says} (${what}): ${messageOf(error)}`, { mcp_server: server }, { cause: error });
}
