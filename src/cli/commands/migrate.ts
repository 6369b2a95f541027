// `switchboard migrate`: brings the database schema up to date (serve and worker also do it on start).
import type { Command } from 'commander';
import { migrateStore } from '../../app/switchboard.ts';
import { describeStore, loadConfig } from '../context.ts';
import { printLine } from '../output.ts';

export function migrateCommand(program: Command): void {
  program.command('migrate').description('Apply pending database migrations').action(migrate);
}

async function migrate(): Promise<void> {
  const config = loadConfig();
  const applied = await migrateStore(config.store);
  const where = describeStore(config.store);
  printLine(applied.length === 0 ? `Database up to date (${where})` : `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}`);
}
