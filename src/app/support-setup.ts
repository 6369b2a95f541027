// Builds the default workflow's parts from the loaded configuration: support rules, the intent
// classifier (trained from the configured examples, once per process), policies and the optional model.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.ts';
import { problemAt } from '../config/load-config.ts';
import { mcpServerOf } from '../tools/mcp/mcp-tools.ts';
import { isAtLeastAsStrict } from '../tools/mcp/risk.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { ModelClient } from '../llm/model-client.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import { PolicyBook } from '../policy/approval-policy.ts';
import { IntentClassifier, readLabelledFile, trainClassifier, type LabelledExample } from '../triage/classifier/index.ts';
import { compileSupportRules } from '../triage/support-rules.ts';
import type { IntentPredictor } from '../triage/triage.ts';
import type { SupportWorkflowDeps } from '../workflows/support-triage/deps.ts';

/** Every tool the configuration names must exist; its policy overrides the tool's own rule. */
export function policiesFor(config: LoadedConfig, tools: ToolRegistry): PolicyBook {
  assertKnownTools(config, tools.list().map((tool) => tool.name));
  assertMcpRiskNotLaxer(config, tools);
  return new PolicyBook(tools, config.file.tools);
}

/** Offline (`config validate`), a `server__tool` name is known when its server is configured. */
export function assertKnownTools(config: LoadedConfig, known: readonly string[], options: { trustMcpNames?: boolean } = {}): void {
  for (const name of Object.keys(config.file.tools)) {
    if (known.includes(name) || (options.trustMcpNames && isConfiguredMcpName(config, name))) continue;
    throw problemAt(config, ['tools', name], `no tool named "${name}" is registered (known: ${known.join(', ')})`);
  }
}

export function isConfiguredMcpName(config: LoadedConfig, name: string): boolean {
  const server = mcpServerOf(name);
  return server !== null && Object.hasOwn(config.file.mcp_servers, server);
}

/** An MCP server's hints set the floor: configuration may gate a tool more, never less. */
function assertMcpRiskNotLaxer(config: LoadedConfig, tools: ToolRegistry): void {
  for (const [name, policy] of Object.entries(config.file.tools)) {
    if (policy.risk === undefined || !isConfiguredMcpName(config, name)) continue;
    const floor = tools.get(name).risk;
    if (!isAtLeastAsStrict(policy.risk, floor)) throw problemAt(config, ['tools', name, 'risk'], `the MCP server marks ${name} as "${floor}"; configuration can only make a tool stricter (${floor} or above)`);
  }
}

const trained = new Map<string, IntentPredictor>();

export function supportWorkflowDeps(config: LoadedConfig, tools: ToolRegistry, model: ModelClient | null, classifier: IntentPredictor): SupportWorkflowDeps {
  const { file } = config;
  return {
    triage: { rules: compileSupportRules(file.support_rules), classifier, intents: file.intents, model, modelBelow: file.llm.triage_below },
    intents: file.intents,
    model,
    tools,
    orderIdPattern: file.entities.order_id_pattern === undefined ? undefined : new RegExp(file.entities.order_id_pattern, 'iu'),
    botName: file.project.bot_name,
    maxTurns: file.llm.max_turns,
    instructions: file.llm.instructions,
    stream: file.llm.stream,
    liveAgents: file.live_agents.length > 0,
    callbackTimezone: file.live_agents[0]?.hours.timezone ?? 'UTC',
    supportEmail: file.support_email,
  };
}

/**
 * The configured model file, or a classifier trained from the configured examples. Training takes a
 * few seconds, so a trained model is kept per content: in this process, and as a file in `cacheDir`
 * (named by the hash of the examples and settings, so a changed corpus never meets a stale model).
 */
export function intentClassifierFor(config: LoadedConfig, options: { cacheDir?: string | undefined } = {}): IntentPredictor {
  const { classifier } = config.file;
  if (classifier.model !== undefined) return withThreshold(loadModel(config, classifier.model), classifier.threshold);
  const examples = configuredExamples(config);
  const key = createHash('sha256').update(JSON.stringify([classifierCacheVersion, classifier.target_precision, examples])).digest('hex').slice(0, 24);
  let model = trained.get(key);
  if (!model) {
    model = cachedModel(options.cacheDir, key) ?? trainAndCache(examples, classifier.target_precision, options.cacheDir, key);
    trained.set(key, model);
  }
  return withThreshold(model, classifier.threshold);
}

/** Bump when the classifier's training changes, so cached models are retrained (2: models keep their coverage / precision curve). */
const classifierCacheVersion = 2;

function cachedModel(cacheDir: string | undefined, key: string): IntentPredictor | null {
  if (cacheDir === undefined) return null;
  try {
    return IntentClassifier.fromJSON(JSON.parse(readFileSync(join(cacheDir, `classifier-${key}.json`), 'utf8')));
  } catch {
    // Missing, unreadable or from an older version: train again.
    return null;
  }
}

function trainAndCache(examples: LabelledExample[], targetPrecision: number, cacheDir: string | undefined, key: string): IntentPredictor {
  const model = trainClassifier(examples, { targetPrecision });
  if (cacheDir !== undefined) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const temporary = join(cacheDir, `classifier-${key}.${process.pid}.tmp`);
      writeFileSync(temporary, JSON.stringify(model.toJSON()));
      // Rename is atomic: a process starting at the same time reads the whole file or none.
      renameSync(temporary, join(cacheDir, `classifier-${key}.json`));
    } catch {
      // A read-only cache only costs the next start its training time.
    }
  }
  return model;
}

/** The labelled examples the server trains on: the `classifier.examples` file, then each intent's `examples`. */
export function configuredExamples(config: LoadedConfig): LabelledExample[] {
  const { file } = config;
  const inline = Object.entries(file.intents).flatMap(([label, intent]) => intent.examples.map((text) => ({ text, label })));
  const fromFile = file.classifier.examples === undefined ? [] : readExamples(config, file.classifier.examples);
  const examples = [...fromFile, ...inline];
  if (examples.length === 0) throw problemAt(config, ['classifier'], 'no labelled examples: set classifier.examples to a text,label file or give intents examples');
  return examples;
}

function readExamples(config: LoadedConfig, path: string): LabelledExample[] {
  let examples: LabelledExample[];
  try {
    examples = readLabelledFile(resolve(config.baseDir, path));
  } catch (error) {
    throw problemAt(config, ['classifier', 'examples'], error instanceof Error ? error.message : String(error));
  }
  const unknown = [...new Set(examples.map((e) => e.label).filter((label) => !Object.hasOwn(config.file.intents, label)))];
  if (unknown.length > 0) throw problemAt(config, ['classifier', 'examples'], `${path} has labels that are not intents: ${unknown.join(', ')}; add them under intents:`);
  return examples;
}

function loadModel(config: LoadedConfig, path: string): IntentPredictor {
  try {
    return IntentClassifier.fromJSON(JSON.parse(readFileText(resolve(config.baseDir, path))));
  } catch (error) {
    throw problemAt(config, ['classifier', 'model'], error instanceof Error ? error.message : String(error));
  }
}

function readFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SwitchboardError('invalid_config', `Cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A configured threshold overrides the cross-validated one. */
function withThreshold(model: IntentPredictor, threshold: number | undefined): IntentPredictor {
  if (threshold === undefined) return model;
  return {
    threshold,
    training: model.training,
    predict: (text) => {
      const prediction = model.predict(text);
      return { ...prediction, label: prediction.probability >= threshold ? prediction.best : 'unknown' };
    },
  };
}
