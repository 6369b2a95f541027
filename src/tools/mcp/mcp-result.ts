// What an MCP tool's answer means to the engine: the value the tool returns, or, for an error result,
// a refusal (an unknown order, an amount over the balance) that retrying the same call cannot change.
import { SwitchboardError } from '../../domain/errors.ts';
import type { McpCallResult } from './mcp-connection.ts';

/** Servers on protocol 2024-10-07 answer `{ toolResult }` instead of content. */
type LegacyResult = Extract<McpCallResult, { toolResult: unknown }>;
type ContentResult = Exclude<McpCallResult, LegacyResult>;

/** `structuredContent` if the server sent it, else the text parsed as JSON, else `{ text }`; throws `invalid_request` for `isError`. */
export function mcpResultValue(server: string, tool: string, result: McpCallResult): unknown {
  if (isLegacy(result)) return result.toolResult;
  if (result.isError === true) throw new SwitchboardError('invalid_request', textOf(result.content) || `Tool ${tool} of MCP server "${server}" failed without saying why.`, { mcp_server: server, tool });
  return result.structuredContent ?? parsedText(textOf(result.content));
}

function isLegacy(result: McpCallResult): result is LegacyResult {
  return !('content' in result);
}

function textOf(content: ContentResult['content']): string {
  return content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

function parsedText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { text };
  }
}
