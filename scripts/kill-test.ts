// The full kill test (docs/reliability.md): 1,000 tickets, 300 refunds decided through the API, at
// least 20 SIGKILLs of random Switchboard processes. Prints the figures as a markdown table.
//   node scripts/kill-test.ts [--dialect sqlite|postgres|both]
import { parseArgs } from 'node:util';
import { isPostgresAvailable, type DialectName } from '../test/support/dialects.ts';
import { runKillTest, type KillTestFigures } from '../test/durability/kill-under-load.ts';

const fullSize = { tickets: 1000, refunds: 300, minKills: 20, workers: 4 } as const;

const rows: readonly [string, (f: KillTestFigures) => string][] = [
  ['tickets (refunds: approved / rejected)', (f) => `${f.tickets} (${f.refunds}: ${f.approved} / ${f.rejected})`],
  ['Switchboard processes', (f) => String(f.processes)],
  ['SIGKILLs (of the serve process) / during the client load', (f) => `${f.kills} (${f.killsOfServe}) / ${f.killsDuringLoad}`],
  ['duration: total / client load / settle after the last kill', (f) => `${seconds(f.durationMs)} / ${seconds(f.loadMs)} / ${seconds(f.settleMs)}`],
  ['client requests', (f) => String(f.requests)],
  ['network errors / 503s seen by clients', (f) => `${f.networkErrors} / ${f.unavailable}`],
  ['resends / skipped (already stored or decided)', (f) => `${f.resends} / ${f.skippedBecauseStored}`],
  ['raw calls at the payments service', (f) => String(f.rawPaymentCalls)],
  ['distinct idempotency keys / payments made', (f) => `${f.distinctPaymentKeys} / ${f.payments}`],
  ['runs (with attempts > 1)', (f) => `${f.runs} (${f.runsReclaimed})`],
  ['outbox rows / deliveries logged / delivered again', (f) => `${f.outboxRows} / ${f.outboxDeliveriesLogged} / ${f.outboxRedelivered}`],
  ['webhooks received / distinct webhook-ids (events) / ids received twice', (f) => `${f.webhooksReceived} / ${f.webhookEvents} / ${f.webhookRepeats}`],
];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function table(results: readonly KillTestFigures[]): string {
  const header = `| | ${results.map((f) => f.dialect).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---').join('|')}|`;
  return [header, rule, ...rows.map(([name, value]) => `| ${name} | ${results.map(value).join(' | ')} |`)].join('\n');
}

async function dialectsFrom(argument: string): Promise<DialectName[]> {
  if (argument === 'sqlite' || argument === 'postgres') return [argument];
  if (argument !== 'both') throw new Error(`--dialect must be sqlite, postgres or both, not "${argument}"`);
  return (await isPostgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dialect: { type: 'string', default: 'both' } } });
  const results: KillTestFigures[] = [];
  for (const dialect of await dialectsFrom(values.dialect)) {
    console.error(`kill test on ${dialect}: ${fullSize.tickets} tickets, ${fullSize.refunds} refunds, at least ${fullSize.minKills} kills`);
    results.push(await runKillTest({ dialect, ...fullSize, log: (line) => console.error(`  [${dialect}] ${line}`) }));
  }
  console.log(table(results));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
