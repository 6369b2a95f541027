// Builds the AI SDK model object for a ModelConfig: the one place that knows each provider's package.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelConfig } from './model-config.ts';

export function createLanguageModel(config: ModelConfig): LanguageModel {
  switch (config.provider) {
    case 'openai':
      // `.chat` pins the Chat Completions API; the provider's default is the Responses API, which
      // OpenAI-compatible servers behind OPENAI_BASE_URL do not speak.
      return createOpenAI({ baseURL: config.baseUrl, apiKey: config.apiKey ?? '' }).chat(config.model);
    case 'anthropic':
      return createAnthropic({ baseURL: config.baseUrl, apiKey: config.apiKey ?? '' })(config.model);
    case 'ollama':
    case 'vllm':
    case 'llamacpp':
    case 'compatible':
      return createOpenAICompatible({
        name: config.provider,
        baseURL: config.baseUrl,
        ...(config.apiKey === null ? {} : { apiKey: config.apiKey }),
        // All four accept `stream_options.include_usage` and a `json_schema` response format;
        // without these flags the SDK drops usage from streams and the schema from object calls.
        includeUsage: true,
        supportsStructuredOutputs: true,
      }).chatModel(config.model);
  }
}
