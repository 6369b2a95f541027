// The model client with a `chat {model}` span per call and the token and error counters. A
// decorator, so the model layer itself knows nothing of tracing or metrics.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import type { ModelClient, ModelUsage, ObjectRequest } from '../llm/model-client.ts';
import { genAi } from './gen-ai-attributes.ts';
import { objectInput, objectOutput, turnInput, turnOutput } from './gen-ai-messages.ts';
import { errorTypeOf, type Telemetry } from './telemetry.ts';

export interface ModelCounters {
  countModelTokens(model: string, usage: ModelUsage): void;
  countModelError(model: string, code: string): void;
}

interface Answer {
  usage: ModelUsage;
  /** "provider/model" as the server answered. */
  modelId: string;
  finishReason?: string;
}

export function observedModel(model: ModelClient, telemetry: Telemetry, counters: ModelCounters): ModelClient {
  const { provider, name } = splitModelId(model.modelId);
  const request = (outputType: 'text' | 'json'): Attributes => ({ [genAi.operationName]: 'chat', [genAi.providerName]: provider, [genAi.requestModel]: name, [genAi.outputType]: outputType });
  const observe = <R extends Answer>(outputType: 'text' | 'json', input: () => Attributes, call: () => Promise<R>, output: (answer: R) => Attributes): Promise<R> =>
    telemetry.span(`chat ${name}`, SpanKind.CLIENT, request(outputType), async (span) => {
      telemetry.capture(span, input);
      const answer = await call().catch((error: unknown) => {
        counters.countModelError(model.modelId, errorTypeOf(error));
        throw error;
      });
      counters.countModelTokens(model.modelId, answer.usage);
      span.setAttributes(answerAttributes(answer));
      telemetry.capture(span, () => output(answer));
      return answer;
    });
  return {
    modelId: model.modelId,
    next: (turn) => observe('text', () => turnInput(turn), () => model.next(turn), turnOutput),
    object: <T>(object: ObjectRequest<T>) => observe('json', () => objectInput(object), () => model.object(object), objectOutput),
  };
}

function answerAttributes(answer: Answer): Attributes {
  return {
    [genAi.responseModel]: splitModelId(answer.modelId).name,
    [genAi.inputTokens]: answer.usage.inputTokens,
    [genAi.outputTokens]: answer.usage.outputTokens,
    ...(answer.finishReason === undefined ? {} : { [genAi.finishReasons]: [answer.finishReason] }),
  };
}

/** "openai/gpt-4o-mini" → provider "openai", model "gpt-4o-mini" (model names may hold slashes). */
function splitModelId(modelId: string): { provider: string; name: string } {
  const slash = modelId.indexOf('/');
  return slash < 0 ? { provider: 'unknown', name: modelId } : { provider: modelId.slice(0, slash), name: modelId.slice(slash + 1) };
}
