// The narrow model interface the engine uses: one call at a time, nothing executed, every failure a
// SwitchboardError. The AI SDK stays behind it (see sdk-calls.ts and sdk-messages.ts).
import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import { createLanguageModel } from './language-model.ts';
import { modelIdOf } from './model-config.ts';
import type { ModelConfig } from './model-config.ts';
import { deadline, toModelError } from './model-errors.ts';
import { costUsd } from './model-prices.ts';
import type { ModelPrice } from './model-prices.ts';
import { generateObject, generateTurn, streamObject, streamTurn } from './sdk-calls.ts';
import type { SdkCallSettings } from './sdk-calls.ts';
import { toModelMessages, toProposedCall, toToolSet } from './sdk-messages.ts';

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  inputSchema: Record<string, unknown>;
}

export interface ProposedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** JSON-serialisable: the conversation is stored in the database between steps. */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ProposedCall[] }
  | { role: 'tool'; toolCallId: string; name: string; result: unknown; isError?: boolean };

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** null when the model's price is unknown. */
  costUsd: number | null;
}

export interface ModelTurn {
  text: string;
  /** May name tools that were not offered: the engine decides what to do with those. */
  toolCalls: ProposedCall[];
  usage: ModelUsage;
  finishReason: string;
  /** "provider/model" as the server reported it, e.g. a dated snapshot of the configured model. */
  modelId: string;
}

export interface TurnRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  stream?: boolean;
  signal?: AbortSignal;
}

export interface ObjectRequest<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  name: string;
  stream?: boolean;
  signal?: AbortSignal;
}

export interface ModelObject<T> {
  object: T;
  usage: ModelUsage;
  modelId: string;
}

export interface ModelClient {
  /** "provider/model" as configured, e.g. "openai/gpt-4o-mini". */
  readonly modelId: string;
  /** One model call: the model may answer with text and/or propose tool calls; nothing is executed. */
  next(request: TurnRequest): Promise<ModelTurn>;
  /** Structured output validated against a zod schema. */
  object<T>(request: ObjectRequest<T>): Promise<ModelObject<T>>;
}

export function createModelClient(config: ModelConfig): ModelClient {
  const model = createLanguageModel(config);
  const modelId = modelIdOf(config);
  const within = <R>(signal: AbortSignal | undefined, call: (settings: SdkCallSettings) => Promise<R>) => callWithin(config, model, signal, call);
  return {
    modelId,
    next: (request) => within(request.signal, (settings) => nextTurn(config, settings, request)),
    object: <T>(request: ObjectRequest<T>) => within(request.signal, (settings) => nextObject(config, settings, request)),
  };
}

// Each call gets its own deadline; the SDK's retries happen inside it, so timeoutMs bounds the
// whole call, and whatever escapes leaves as a SwitchboardError.
async function callWithin<R>(config: ModelConfig, model: LanguageModel, signal: AbortSignal | undefined, call: (settings: SdkCallSettings) => Promise<R>): Promise<R> {
  const limit = deadline(config.timeoutMs, signal);
  try {
    return await call({ model, maxRetries: config.maxRetries, abortSignal: limit.signal });
  } catch (error) {
    throw toModelError(error, modelIdOf(config), limit);
  }
}

async function nextTurn(config: ModelConfig, settings: SdkCallSettings, request: TurnRequest): Promise<ModelTurn> {
  const wire = { system: request.system, messages: toModelMessages(request.messages), tools: toToolSet(request.tools) };
  const answer = await (request.stream === true ? streamTurn(settings, wire) : generateTurn(settings, wire));
  return {
    text: answer.text,
    toolCalls: answer.toolCalls.map(toProposedCall),
    usage: modelUsage(answer.usage, config.price),
    finishReason: answer.finishReason,
    modelId: answeredBy(config, answer.responseModelId),
  };
}

async function nextObject<T>(config: ModelConfig, settings: SdkCallSettings, request: ObjectRequest<T>): Promise<ModelObject<T>> {
  const wire = { system: request.system, prompt: request.prompt, schema: request.schema, name: request.name };
  const answer = await (request.stream === true ? streamObject(settings, wire) : generateObject(settings, wire));
  return { object: answer.object, usage: modelUsage(answer.usage, config.price), modelId: answeredBy(config, answer.responseModelId) };
}

function answeredBy(config: ModelConfig, responseModelId: string): string {
  return modelIdOf({ provider: config.provider, model: responseModelId || config.model });
}

// Servers that report no usage (some local ones when streaming) count as zero rather than failing the turn.
function modelUsage(usage: { inputTokens: number | undefined; outputTokens: number | undefined }, price: ModelPrice | null): ModelUsage {
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, costUsd: costUsd(price, inputTokens, outputTokens) };
}
