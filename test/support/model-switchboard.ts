// A Switchboard whose model layer talks to the fake OpenAI-compatible server started for the test.
import type { TestContext } from 'node:test';
import type { Switchboard, SwitchboardOptions } from '../../src/app/switchboard.ts';
import { parseConfig, demoConfigPath, type LoadedConfig } from '../../src/config/load-config.ts';
import { createModelClient } from '../../src/llm/model-client.ts';
import { resolveModelConfig } from '../../src/llm/model-config.ts';
import { dirname } from 'node:path';
import type { DialectName } from './dialects.ts';
import { demoTextWithoutMcp } from './demo-config.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai-server.ts';
import { switchboardForTest } from './switchboard.ts';

export interface ModelTestEnv {
  sb: Switchboard;
  fake: FakeOpenAI;
}

/** The demo configuration with extra YAML appended (later keys of the same section win in a merge below). */
export function demoConfigWith(patch: (text: string) => string = (text) => text): LoadedConfig {
  const text = patch(demoTextWithoutMcp());
  return parseConfig(text, { source: 'test-config.yaml', baseDir: dirname(demoConfigPath) });
}

export async function switchboardWithModel(t: TestContext, dialect: DialectName, options: Partial<SwitchboardOptions> & { stream?: boolean; timeoutMs?: number } = {}): Promise<ModelTestEnv> {
  const fake = await startFakeOpenAI();
  t.after(() => fake.close());
  const settings = resolveModelConfig({ model: 'compatible/test-model', base_url: fake.url, timeout_ms: options.timeoutMs ?? 5_000, max_retries: 1, price_input: 1, price_output: 2 }, {});
  if (!settings) throw new Error('model settings did not resolve');
  const config = options.config ?? demoConfigWith((text) => (options.stream ? text.replace('llm:\n', 'llm:\n  stream: true\n') : text));
  const sb = await switchboardForTest(t, dialect, { ...options, config, model: createModelClient(settings) });
  return { sb, fake };
}
