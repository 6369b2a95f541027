// Translates Switchboard's stored conversation and tool specs to the AI SDK's shapes and the SDK's
// tool calls back, so no SDK type crosses the ModelClient interface.
import { jsonSchema, tool } from 'ai';
import type { JSONSchema7, JSONValue, ModelMessage, ToolResultPart, ToolSet } from 'ai';
import { SwitchboardError } from '../domain/errors.ts';
import type { ChatMessage, ProposedCall, ToolSpec } from './model-client.ts';

export function toModelMessages(messages: ChatMessage[]): ModelMessage[] {
  return messages.map(toModelMessage);
}

function toModelMessage(message: ChatMessage): ModelMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: [
          ...(message.content === '' ? [] : [{ type: 'text' as const, text: message.content }]),
          ...(message.toolCalls ?? []).map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.args })),
        ],
      };
    case 'tool':
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: message.name, output: toolOutput(message.result, message.isError === true) }] };
  }
}

// Text goes to the model as written; anything else as JSON. An error result is marked as one
// (Anthropic's `is_error`; OpenAI has no flag, so the content must say it).
function toolOutput(result: unknown, isError: boolean): ToolResultPart['output'] {
  if (typeof result === 'string') return { type: isError ? 'error-text' : 'text', value: result };
  return { type: isError ? 'error-json' : 'json', value: jsonValue(result) };
}

// Results come from the database or a tool, so a round trip guarantees plain JSON (and maps
// `undefined` to null) before the SDK serialises it.
function jsonValue(value: unknown): JSONValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JSONValue;
}

/**
 * Tools without `execute`: the SDK only reports the calls the model proposes, and the engine runs
 * them as durable steps. Inputs are not validated here (no `validate` on the JSON schema); the
 * engine checks arguments against the tool's own schema.
 */
export function toToolSet(tools: ToolSpec[]): ToolSet | undefined {
  if (tools.length === 0) return undefined;
  return Object.fromEntries(tools.map((spec) => [spec.name, tool({ description: spec.description, inputSchema: jsonSchema(spec.inputSchema as JSONSchema7) })]));
}

/** The shape shared by the SDK's static, dynamic and invalid tool calls. */
export interface SdkToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/**
 * A call naming a tool that was not offered does not throw: the SDK (v6) turns its NoSuchToolError
 * into a call marked `invalid` (plus a `tool-error` result it would send back in a multi-step
 * loop, which is not used here), and it is surfaced like any other for the engine to refuse.
 * Arguments that are not a JSON object cannot be a call at all, so they are invalid output.
 */
export function toProposedCall(call: SdkToolCall): ProposedCall {
  if (!isJsonObject(call.input)) {
    throw new SwitchboardError('model_invalid_output', `The model called ${call.toolName} with arguments that are not a JSON object: ${preview(call.input)}`, {
      toolName: call.toolName,
    });
  }
  return { id: call.toolCallId, name: call.toolName, args: call.input };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
