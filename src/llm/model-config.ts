// Which language model to call and how, from SWITCHBOARD_MODEL and friends (or the `llm:` section of
// the config file, which the environment overrides). No model configured means offline mode.
import { SwitchboardError } from '../domain/errors.ts';
import { knownPrice } from './model-prices.ts';
import type { ModelPrice } from './model-prices.ts';

export const modelProviders = ['openai', 'anthropic', 'ollama', 'vllm', 'llamacpp', 'compatible'] as const;
export type ModelProvider = (typeof modelProviders)[number];

export interface ModelConfig {
  provider: ModelProvider;
  /** The provider's own name for the model, e.g. "gpt-4o-mini" or "meta-llama/Llama-3.1-8B-Instruct". */
  model: string;
  baseUrl: string;
  apiKey: string | null;
  /** Bounds one model call, retries included. */
  timeoutMs: number;
  maxRetries: number;
  /** null: cost is not reported. */
  price: ModelPrice | null;
}

/** The `llm:` section of the config file. API keys are deliberately absent: secrets come from the environment. */
export interface ModelFileConfig {
  model: string;
  base_url: string;
  timeout_ms: number;
  max_retries: number;
  price_input: number;
  price_output: number;
}

/** "provider/model", the id used in logs, traces and the price table. */
export function modelIdOf(config: Pick<ModelConfig, 'provider' | 'model'>): string {
  return `${config.provider}/${config.model}`;
}

export function modelConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ModelConfig | null {
  return resolveModelConfig(undefined, env);
}

export function resolveModelConfig(fromFile: Partial<ModelFileConfig> | undefined, env: NodeJS.ProcessEnv = process.env): ModelConfig | null {
  const file = fromFile ?? {};
  const model = setting(env, 'SWITCHBOARD_MODEL', file.model, 'model');
  if (model === undefined) return null;
  const { provider, name } = parseModelId(model);
  return {
    provider,
    model: name,
    baseUrl: baseUrlFor(provider, env, file),
    apiKey: apiKeyFor(provider, name, env),
    timeoutMs: integerSetting(setting(env, 'SWITCHBOARD_MODEL_TIMEOUT_MS', file.timeout_ms, 'timeout_ms'), 30_000, 1, 'a number of milliseconds, e.g. 30000'),
    maxRetries: integerSetting(setting(env, 'SWITCHBOARD_MODEL_MAX_RETRIES', file.max_retries, 'max_retries'), 2, 0, 'a whole number of retries, e.g. 2'),
    price: priceFor(modelIdOf({ provider, model: name }), env, file),
  };
}

/** A raw value and where it came from, so an error names the variable or key to fix. */
interface Setting {
  value: string | number;
  source: string;
}

function setting(env: NodeJS.ProcessEnv, variable: string, fileValue: string | number | undefined, fileKey: string): Setting | undefined {
  return envSetting(env, variable) ?? fileSetting(fileValue, fileKey);
}

// An empty variable counts as unset, as `FOO= switchboard serve` means "not configured".
function envSetting(env: NodeJS.ProcessEnv, variable: string): Setting | undefined {
  const raw = env[variable]?.trim();
  return raw === undefined || raw === '' ? undefined : { value: raw, source: variable };
}

function fileSetting(value: string | number | undefined, key: string): Setting | undefined {
  return value === undefined || value === '' ? undefined : { value, source: `llm.${key} in the config file` };
}

function invalid(source: string, expected: string, got?: string | number): SwitchboardError {
  const suffix = got === undefined ? '' : ` (got "${got}")`;
  return new SwitchboardError('invalid_config', `Set ${source} to ${expected}${suffix}.`, { setting: source });
}

function parseModelId(model: Setting): { provider: ModelProvider; name: string } {
  const text = String(model.value);
  const slash = text.indexOf('/');
  // Only the first slash separates the provider: model names such as "meta-llama/Llama-3.1-8B" keep theirs.
  const provider = modelProviders.find((candidate) => candidate === text.slice(0, slash));
  const name = text.slice(slash + 1).trim();
  if (slash < 0 || provider === undefined || name === '') {
    throw invalid(model.source, `<provider>/<model> with provider one of ${modelProviders.join(', ')}, e.g. openai/gpt-4o-mini`, text);
  }
  return { provider, name };
}

// Resolved here, never left to the SDK's own environment lookups, so `env` is the only source.
const defaultBaseUrls: Partial<Record<ModelProvider, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  ollama: 'http://127.0.0.1:11434/v1',
};

function baseUrlFor(provider: ModelProvider, env: NodeJS.ProcessEnv, file: Partial<ModelFileConfig>): string {
  const chosen = envSetting(env, 'SWITCHBOARD_MODEL_BASE_URL') ?? providerBaseUrl(provider, env) ?? fileSetting(file.base_url, 'base_url');
  if (chosen !== undefined) return checkedUrl(chosen);
  const fallback = defaultBaseUrls[provider];
  if (fallback !== undefined) return fallback;
  throw invalid('SWITCHBOARD_MODEL_BASE_URL', `the ${provider} server's OpenAI-compatible URL, e.g. http://127.0.0.1:8000/v1`);
}

function providerBaseUrl(provider: ModelProvider, env: NodeJS.ProcessEnv): Setting | undefined {
  if (provider === 'openai') return envSetting(env, 'OPENAI_BASE_URL');
  if (provider === 'anthropic') return envSetting(env, 'ANTHROPIC_BASE_URL');
  return undefined;
}

function checkedUrl(url: Setting): string {
  const text = String(url.value);
  const parsed = URL.parse(text);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalid(url.source, 'an http(s) URL, e.g. http://127.0.0.1:8000/v1', text);
  }
  return text.replace(/\/+$/, '');
}

function apiKeyFor(provider: ModelProvider, model: string, env: NodeJS.ProcessEnv): string | null {
  const variable = provider === 'openai' ? 'OPENAI_API_KEY' : provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'SWITCHBOARD_MODEL_API_KEY';
  const key = env[variable]?.trim() || null;
  if (key === null && (provider === 'openai' || provider === 'anthropic')) {
    throw invalid(variable, `an API key to use ${provider}/${model} (or leave SWITCHBOARD_MODEL unset to run offline)`);
  }
  return key;
}

function integerSetting(found: Setting | undefined, fallback: number, min: number, expected: string): number {
  if (found === undefined) return fallback;
  const value = Number(found.value);
  if (!Number.isInteger(value) || value < min) throw invalid(found.source, expected, found.value);
  return value;
}

function priceFor(modelId: string, env: NodeJS.ProcessEnv, file: Partial<ModelFileConfig>): ModelPrice | null {
  const input = priceSetting(setting(env, 'SWITCHBOARD_MODEL_PRICE_INPUT', file.price_input, 'price_input'), 'input');
  const output = priceSetting(setting(env, 'SWITCHBOARD_MODEL_PRICE_OUTPUT', file.price_output, 'price_output'), 'output');
  const listed = knownPrice(modelId);
  const inputPerMillion = input ?? listed?.inputPerMillion;
  const outputPerMillion = output ?? listed?.outputPerMillion;
  if (inputPerMillion !== undefined && outputPerMillion !== undefined) return { inputPerMillion, outputPerMillion };
  if (inputPerMillion === undefined && outputPerMillion === undefined) return null;
  // Half a price would report a cost that looks right and is not.
  const missing = inputPerMillion === undefined ? 'SWITCHBOARD_MODEL_PRICE_INPUT' : 'SWITCHBOARD_MODEL_PRICE_OUTPUT';
  throw invalid(missing, `the price of ${modelId} too (USD per million tokens): cost needs both prices`);
}

function priceSetting(found: Setting | undefined, kind: 'input' | 'output'): number | undefined {
  if (found === undefined) return undefined;
  const value = Number(found.value);
  if (!Number.isFinite(value) || value < 0) throw invalid(found.source, `USD per million ${kind} tokens, e.g. 0.15`, found.value);
  return value;
}
