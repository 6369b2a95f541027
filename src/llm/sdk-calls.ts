// The four wire paths (a turn or an object, whole or streamed) as single AI SDK calls, each
// returning the same plain answer so both paths are interchangeable for the caller.
import { generateText, Output, stepCountIs, streamText } from 'ai';
import type { LanguageModel, LanguageModelUsage, ModelMessage, TextStreamPart, ToolSet } from 'ai';
import type { z } from 'zod';
import type { SdkToolCall } from './sdk-messages.ts';

export interface SdkCallSettings {
  model: LanguageModel;
  maxRetries: number;
  abortSignal: AbortSignal;
}

export interface WireTurn {
  system: string;
  messages: ModelMessage[];
  tools: ToolSet | undefined;
}

export interface WireObject<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  name: string;
}

interface Answered {
  usage: LanguageModelUsage;
  responseModelId: string;
}

export interface TurnAnswer extends Answered {
  text: string;
  toolCalls: SdkToolCall[];
  finishReason: string;
}

export interface ObjectAnswer<T> extends Answered {
  object: T;
}

// One model call: with no `execute` on the tools the SDK would stop after one step anyway, but the
// engine's one-step-per-call contract should not rest on a default.
const oneStep = stepCountIs(1);

export async function generateTurn(settings: SdkCallSettings, request: WireTurn): Promise<TurnAnswer> {
  const result = await generateText({ ...settings, ...request, stopWhen: oneStep });
  return { text: result.text, toolCalls: result.toolCalls, finishReason: result.finishReason, usage: result.totalUsage, responseModelId: result.response.modelId };
}

export async function streamTurn(settings: SdkCallSettings, request: WireTurn): Promise<TurnAnswer> {
  const result = streamText({ ...settings, ...request, stopWhen: oneStep, onError: ignore });
  await drain(result.fullStream, settings.abortSignal);
  return {
    text: await result.text,
    toolCalls: await result.toolCalls,
    finishReason: await result.finishReason,
    usage: await result.totalUsage,
    responseModelId: (await result.response).modelId,
  };
}

// The SDK parses and validates the answer against the schema, and throws NoObjectGeneratedError
// when the text is not JSON or does not match.
export async function generateObject<T>(settings: SdkCallSettings, request: WireObject<T>): Promise<ObjectAnswer<T>> {
  const { schema, name, ...prompt } = request;
  const result = await generateText({ ...settings, ...prompt, output: Output.object({ schema, name }) });
  return { object: result.output, usage: result.totalUsage, responseModelId: result.response.modelId };
}

export async function streamObject<T>(settings: SdkCallSettings, request: WireObject<T>): Promise<ObjectAnswer<T>> {
  const { schema, name, ...prompt } = request;
  const result = streamText({ ...settings, ...prompt, output: Output.object({ schema, name }), onError: ignore });
  await drain(result.fullStream, settings.abortSignal);
  return { object: await result.output, usage: await result.totalUsage, responseModelId: (await result.response).modelId };
}

// streamText reports failures as stream parts rather than throwing (its default `onError` only
// logs them), so the stream is read to the end and its error or abort is rethrown here.
async function drain(stream: AsyncIterable<TextStreamPart<ToolSet>>, signal: AbortSignal): Promise<void> {
  for await (const part of stream) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'abort') throw signal.reason;
  }
}

function ignore(): void {}
