import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageModel } from '../../src/llm/language-model.ts';
import type { ModelProvider } from '../../src/llm/model-config.ts';

describe('language model per provider', () => {
  // The SDK's provider string names the API a model speaks: OpenAI must use Chat Completions
  // ("openai.chat"), not the Responses API that `openai(model)` picks by default.
  const expected: [ModelProvider, string][] = [
    ['openai', 'openai.chat'],
    ['anthropic', 'anthropic.messages'],
    ['ollama', 'ollama.chat'],
    ['vllm', 'vllm.chat'],
    ['llamacpp', 'llamacpp.chat'],
    ['compatible', 'compatible.chat'],
  ];
  for (const [provider, api] of expected) {
    it(`builds ${provider} models on ${api}`, () => {
      const model = createLanguageModel({ provider, model: 'some-model', baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k', timeoutMs: 1000, maxRetries: 0, price: null });
      assert.ok(typeof model === 'object');
      assert.equal(model.provider, api);
      assert.equal(model.modelId, 'some-model');
    });
  }
});
