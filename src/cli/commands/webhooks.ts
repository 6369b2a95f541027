// `switchboard webhooks list | enable <name> | secret`: an operator with access to the database sees the
// configured endpoints, turns one back on after its receiver answered 410 Gone, and makes new secrets.
import type { Command } from 'commander';
import { defaultProjectId, withIdentityStore } from '../../app/switchboard.ts';
import { generateSecret } from '../../notify/webhooks/standard-webhooks.ts';
import { enableWebhook, listWebhooks, type WebhookView } from '../../notify/webhooks/webhook-endpoints.ts';
import { loadConfig, loadSupportConfig } from '../context.ts';
import { formatTable, printJson, printLine, printLines, shortTime, type Column } from '../output.ts';

export function webhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('Outbound webhook endpoints, signed per Standard Webhooks');
  webhooks.command('list').description('The configured endpoints: url, events, and whether each is on').option('--json', 'as JSON').action(list);
  webhooks
    .command('enable')
    .description('Turn an endpoint back on after a 410 Gone switched it off')
    .argument('<name>')
    .option('--project <id>', 'the project whose audit log records it', defaultProjectId)
    .action(enable);
  webhooks.command('secret').description('Print a fresh signing secret (whsec_…) for a new endpoint').action(() => printLine(generateSecret()));
}

const columns: readonly Column<WebhookView>[] = [
  { header: 'name', cell: (hook) => hook.name },
  { header: 'url', cell: (hook) => hook.url },
  { header: 'events', cell: (hook) => hook.events.join(',') },
  { header: 'state', cell: state },
];

function state(hook: WebhookView): string {
  if (hook.enabled) return 'enabled';
  return `disabled since ${shortTime(hook.disabled_at ?? '')}: ${hook.disabled_reason ?? 'no reason recorded'}`;
}

async function list(options: { json?: boolean }): Promise<void> {
  const config = loadConfig();
  const support = loadSupportConfig(config);
  const hooks = await withIdentityStore(config.store, ({ db }) => listWebhooks(db, support.file.webhooks));
  if (options.json) return printJson(hooks);
  if (hooks.length === 0) return printLine(`No webhooks are configured; add them under webhooks: in ${support.source}.`);
  printLines(formatTable(columns, hooks));
}

async function enable(name: string, options: { project: string }): Promise<void> {
  const config = loadConfig();
  const endpoints = loadSupportConfig(config).file.webhooks;
  const { switchedOn } = await withIdentityStore(config.store, (deps) => enableWebhook(deps, endpoints, { projectId: options.project, name, by: 'cli' }));
  printLine(switchedOn ? `Webhook "${name}" is on again; events from now on are sent to it.` : `Webhook "${name}" was on already.`);
}
