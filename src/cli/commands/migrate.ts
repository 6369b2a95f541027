// `switchboard migrate`: brings the database schema up to date (serve and worker also do it on start).
import type { Command } from 'commander';
import { openDatabase } from '../../store/connect.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { describeStore, loadConfig } from '../context.ts';
import { printLine } from '../output.ts';

export function migrateCommand(program: Command): void {
  program.command('migrate').description('Apply pending database migrations').action(migrate);
}

async function migrate(): Promise<void> {
  const config = loadConfig();
  // The store directly, not the app: migrating must not seed data or need a valid demo setup.
  const db = openDatabase(config.store);
  try {
    const applied = await migrateToLatest(db);
    const where = describeStore(config.store);
    printLine(applied.length === 0 ? `Database up to date (${where})` : `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}`);
  } finally {
    await db.close();
  }
}
