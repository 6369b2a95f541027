// `switchboard config validate [file]`: checks a configuration the way the server loads it, without a database.
import type { Command } from 'commander';
import { assertKnownTools, intentClassifierFor, isConfiguredMcpName } from '../../app/support-setup.ts';
import { assertDefaultWorkflow, assertFlowTools, loadFlows } from '../../app/flow-setup.ts';
import { supportWorkflowName } from '../../workflows/support-triage/state.ts';
import { demoConfigPath, loadConfigFile } from '../../config/load-config.ts';
import { demoToolNames } from '../../demo/demo-store.ts';
import { agentAvailabilityToolName } from '../../tools/agent-availability.ts';
import { compileSupportRules } from '../../triage/support-rules.ts';
import { loadConfig } from '../context.ts';
import { printLine } from '../output.ts';

export function configCommand(program: Command): void {
  const config = program.command('config').description('Work with switchboard.yaml');
  config
    .command('validate')
    .description('Check a configuration file (default: SWITCHBOARD_CONFIG or the demo configuration)')
    .argument('[file]', 'the configuration to check')
    .action(validate);
}

function validate(file: string | undefined): void {
  const env = loadConfig();
  const path = file ?? env.configPath ?? demoConfigPath;
  const config = loadConfigFile(path);
  const builtIn = [...demoToolNames, agentAvailabilityToolName, ...Object.keys(config.file.http_tools)];
  assertKnownTools(config, builtIn, { trustMcpNames: true });
  const flows = loadFlows(config, [supportWorkflowName]);
  assertFlowTools(flows, (name) => builtIn.includes(name) || isConfiguredMcpName(config, name), [...builtIn, ...Object.keys(config.file.mcp_servers).map((server) => `${server}__*`)]);
  assertDefaultWorkflow(config, [supportWorkflowName, ...flows.map((flow) => flow.name)]);
  const rules = compileSupportRules(config.file.support_rules);
  const classifier = intentClassifierFor(config, { cacheDir: env.cacheDir });
  const { file: parsed } = config;
  printLine(`${path}: valid (version ${config.hash})`);
  printLine(`  ${Object.keys(parsed.intents).length} intents, ${rules.length} support rules, ${Object.keys(parsed.tools).length} tool policies, ${flows.length} flows, ${Object.keys(parsed.mcp_servers).length} MCP servers (not contacted)`);
  printLine(`  classifier threshold ${classifier.threshold.toFixed(3)} for ${Math.round(parsed.classifier.target_precision * 100)}% precision`);
}
