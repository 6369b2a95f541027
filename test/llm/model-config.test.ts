import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { modelConfigFromEnv, resolveModelConfig } from '../../src/llm/model-config.ts';

function rejectsConfig(env: NodeJS.ProcessEnv, message: RegExp, setting: string): void {
  assert.throws(
    () => modelConfigFromEnv(env),
    (error: unknown) => {
      assert.ok(error instanceof SwitchboardError);
      assert.equal(error.code, 'invalid_config');
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      assert.deepEqual(error.details, { setting });
      return true;
    },
  );
}

describe('model config from the environment', () => {
  it('is offline (null) when SWITCHBOARD_MODEL is unset or empty', () => {
    assert.equal(modelConfigFromEnv({}), null);
    assert.equal(modelConfigFromEnv({ SWITCHBOARD_MODEL: '', OPENAI_API_KEY: 'sk-test' }), null);
    assert.equal(modelConfigFromEnv({ SWITCHBOARD_MODEL: '  ' }), null);
  });

  it('reads an OpenAI model with its defaults and list price', () => {
    assert.deepEqual(modelConfigFromEnv({ SWITCHBOARD_MODEL: 'openai/gpt-4o-mini', OPENAI_API_KEY: 'sk-test' }), {
      provider: 'openai',
      model: 'gpt-4o-mini',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      timeoutMs: 30_000,
      maxRetries: 2,
      price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    });
  });

  it('prices dated snapshots by their family, the longest prefix first', () => {
    const priceOf = (model: string) => modelConfigFromEnv({ SWITCHBOARD_MODEL: model, OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' })?.price;
    assert.deepEqual(priceOf('openai/gpt-4o-mini-2024-07-18'), { inputPerMillion: 0.15, outputPerMillion: 0.6 });
    assert.deepEqual(priceOf('openai/gpt-4o-2024-08-06'), { inputPerMillion: 2.5, outputPerMillion: 10 });
    assert.deepEqual(priceOf('anthropic/claude-3-5-haiku-latest'), { inputPerMillion: 0.8, outputPerMillion: 4 });
    assert.deepEqual(priceOf('anthropic/claude-sonnet-4-5-20250929'), { inputPerMillion: 3, outputPerMillion: 15 });
    assert.equal(priceOf('openai/some-future-model'), null);
  });

  it('takes OPENAI_BASE_URL, and SWITCHBOARD_MODEL_BASE_URL over it', () => {
    const env = { SWITCHBOARD_MODEL: 'openai/gpt-4o', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'https://proxy.example/v1/' };
    assert.equal(modelConfigFromEnv(env)?.baseUrl, 'https://proxy.example/v1');
    assert.equal(modelConfigFromEnv({ ...env, SWITCHBOARD_MODEL_BASE_URL: 'http://10.0.0.5:8000/v1' })?.baseUrl, 'http://10.0.0.5:8000/v1');
  });

  it('reads an Anthropic model with ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', () => {
    const config = modelConfigFromEnv({ SWITCHBOARD_MODEL: 'anthropic/claude-haiku-4-5', ANTHROPIC_API_KEY: 'ant-key', ANTHROPIC_BASE_URL: 'https://gateway.example/v1' });
    assert.equal(config?.provider, 'anthropic');
    assert.equal(config?.apiKey, 'ant-key');
    assert.equal(config?.baseUrl, 'https://gateway.example/v1');
    assert.deepEqual(config?.price, { inputPerMillion: 1, outputPerMillion: 5 });
  });

  it('points Ollama at the local default without a key or a price', () => {
    const config = modelConfigFromEnv({ SWITCHBOARD_MODEL: 'ollama/llama3.2:3b' });
    assert.equal(config?.model, 'llama3.2:3b');
    assert.equal(config?.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(config?.apiKey, null);
    assert.equal(config?.price, null);
  });

  it('keeps the slashes of model names on OpenAI-compatible servers', () => {
    const config = modelConfigFromEnv({
      SWITCHBOARD_MODEL: 'vllm/meta-llama/Llama-3.1-8B-Instruct',
      SWITCHBOARD_MODEL_BASE_URL: 'http://gpu-box:8000/v1',
      SWITCHBOARD_MODEL_API_KEY: 'local-token',
    });
    assert.equal(config?.provider, 'vllm');
    assert.equal(config?.model, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(config?.apiKey, 'local-token');
  });

  it('reads timeout, retries and prices from their variables', () => {
    const config = modelConfigFromEnv({
      SWITCHBOARD_MODEL: 'compatible/qwen2.5',
      SWITCHBOARD_MODEL_BASE_URL: 'http://127.0.0.1:9000/v1',
      SWITCHBOARD_MODEL_TIMEOUT_MS: '5000',
      SWITCHBOARD_MODEL_MAX_RETRIES: '0',
      SWITCHBOARD_MODEL_PRICE_INPUT: '0.05',
      SWITCHBOARD_MODEL_PRICE_OUTPUT: '0.1',
    });
    assert.equal(config?.timeoutMs, 5000);
    assert.equal(config?.maxRetries, 0);
    assert.deepEqual(config?.price, { inputPerMillion: 0.05, outputPerMillion: 0.1 });
  });

  it('lets one price variable override half of a listed price', () => {
    const config = modelConfigFromEnv({ SWITCHBOARD_MODEL: 'openai/gpt-4o-mini', OPENAI_API_KEY: 'k', SWITCHBOARD_MODEL_PRICE_OUTPUT: '0.5' });
    assert.deepEqual(config?.price, { inputPerMillion: 0.15, outputPerMillion: 0.5 });
  });
});

describe('model config errors say which variable to set', () => {
  it('a model without a known provider', () => {
    rejectsConfig({ SWITCHBOARD_MODEL: 'gpt-4o' }, /^Set SWITCHBOARD_MODEL to <provider>\/<model> with provider one of openai, anthropic, ollama, vllm, llamacpp, compatible.*\(got "gpt-4o"\)\.$/, 'SWITCHBOARD_MODEL');
    rejectsConfig({ SWITCHBOARD_MODEL: 'mistral/large' }, /got "mistral\/large"/, 'SWITCHBOARD_MODEL');
    rejectsConfig({ SWITCHBOARD_MODEL: 'openai/' }, /got "openai\/"/, 'SWITCHBOARD_MODEL');
  });

  it('a hosted model without its API key', () => {
    rejectsConfig({ SWITCHBOARD_MODEL: 'openai/gpt-4o-mini' }, /^Set OPENAI_API_KEY to an API key to use openai\/gpt-4o-mini \(or leave SWITCHBOARD_MODEL unset to run offline\)\.$/, 'OPENAI_API_KEY');
    rejectsConfig({ SWITCHBOARD_MODEL: 'anthropic/claude-haiku-4-5', ANTHROPIC_API_KEY: ' ' }, /^Set ANTHROPIC_API_KEY /, 'ANTHROPIC_API_KEY');
  });

  for (const provider of ['vllm', 'llamacpp', 'compatible']) {
    it(`a ${provider} model without a base URL`, () => {
      rejectsConfig({ SWITCHBOARD_MODEL: `${provider}/some-model` }, new RegExp(`^Set SWITCHBOARD_MODEL_BASE_URL to the ${provider} server's OpenAI-compatible URL`), 'SWITCHBOARD_MODEL_BASE_URL');
    });
  }

  it('a base URL that is not http(s)', () => {
    rejectsConfig({ SWITCHBOARD_MODEL: 'ollama/llama3', SWITCHBOARD_MODEL_BASE_URL: 'localhost:11434' }, /^Set SWITCHBOARD_MODEL_BASE_URL to an http\(s\) URL.*\(got "localhost:11434"\)\.$/, 'SWITCHBOARD_MODEL_BASE_URL');
    rejectsConfig({ SWITCHBOARD_MODEL: 'openai/gpt-4o', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' }, /^Set OPENAI_BASE_URL to an http\(s\) URL/, 'OPENAI_BASE_URL');
  });

  it('a timeout or retry count that is not a whole number in range', () => {
    const base = { SWITCHBOARD_MODEL: 'ollama/llama3' };
    rejectsConfig({ ...base, SWITCHBOARD_MODEL_TIMEOUT_MS: 'soon' }, /^Set SWITCHBOARD_MODEL_TIMEOUT_MS to a number of milliseconds, e\.g\. 30000 \(got "soon"\)\.$/, 'SWITCHBOARD_MODEL_TIMEOUT_MS');
    rejectsConfig({ ...base, SWITCHBOARD_MODEL_TIMEOUT_MS: '0' }, /got "0"/, 'SWITCHBOARD_MODEL_TIMEOUT_MS');
    rejectsConfig({ ...base, SWITCHBOARD_MODEL_MAX_RETRIES: '-1' }, /^Set SWITCHBOARD_MODEL_MAX_RETRIES to a whole number of retries/, 'SWITCHBOARD_MODEL_MAX_RETRIES');
    rejectsConfig({ ...base, SWITCHBOARD_MODEL_MAX_RETRIES: '1.5' }, /got "1\.5"/, 'SWITCHBOARD_MODEL_MAX_RETRIES');
  });

  it('a price that is not a non-negative number', () => {
    rejectsConfig({ SWITCHBOARD_MODEL: 'ollama/llama3', SWITCHBOARD_MODEL_PRICE_INPUT: 'free', SWITCHBOARD_MODEL_PRICE_OUTPUT: '0' }, /^Set SWITCHBOARD_MODEL_PRICE_INPUT to USD per million input tokens, e\.g\. 0\.15 \(got "free"\)\.$/, 'SWITCHBOARD_MODEL_PRICE_INPUT');
  });

  it('half a price for a model without a list price', () => {
    rejectsConfig({ SWITCHBOARD_MODEL: 'ollama/llama3', SWITCHBOARD_MODEL_PRICE_INPUT: '0.1' }, /^Set SWITCHBOARD_MODEL_PRICE_OUTPUT to the price of ollama\/llama3 too/, 'SWITCHBOARD_MODEL_PRICE_OUTPUT');
  });
});

describe('model config from the config file', () => {
  it('uses the llm section when the environment says nothing', () => {
    const config = resolveModelConfig({ model: 'ollama/llama3', base_url: 'http://gpu-box:11434/v1', timeout_ms: 10_000, max_retries: 1 }, {});
    assert.deepEqual(config, { provider: 'ollama', model: 'llama3', baseUrl: 'http://gpu-box:11434/v1', apiKey: null, timeoutMs: 10_000, maxRetries: 1, price: null });
  });

  it('lets each environment variable win over its file field', () => {
    const config = resolveModelConfig(
      { model: 'ollama/llama3', base_url: 'http://gpu-box:11434/v1', timeout_ms: 10_000 },
      { SWITCHBOARD_MODEL: 'openai/gpt-4o-mini', OPENAI_API_KEY: 'k', SWITCHBOARD_MODEL_TIMEOUT_MS: '2000' },
    );
    assert.equal(config?.provider, 'openai');
    assert.equal(config?.baseUrl, 'http://gpu-box:11434/v1');
    assert.equal(config?.timeoutMs, 2000);
  });

  it('is offline when neither names a model, and names the file key in its errors', () => {
    assert.equal(resolveModelConfig({ timeout_ms: 1000 }, {}), null);
    assert.equal(resolveModelConfig(undefined, {}), null);
    assert.throws(() => resolveModelConfig({ model: 'ollama/llama3', timeout_ms: -5 }, {}), /^SwitchboardError: Set llm\.timeout_ms in the config file to a number of milliseconds/);
  });
});
