// What every benchmark section states about where it ran: the machine and its load, the versions of
// both engines and their stores, and the command that produced the figures.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { postgresAdminUrl } from './engines/bench-stores.ts';

export function machineLine(): string {
  const processors = cpus();
  return `Machine: ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${processors.length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg()[0]?.toFixed(2) ?? '?'} when the part started.`;
}

/** The command as typed, for the reader who wants to reproduce a section. */
export function commandLine(args: readonly string[]): string {
  return `Command: \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\` (the same as \`node bench/run.ts${args.length > 0 ? ` ${args.join(' ')}` : ''}\`).`;
}

function packageVersion(name: string): string {
  const url = new URL(name === 'switchboard' ? '../package.json' : `../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

export function engineVersionsLine(): string {
  const versions = ['@langchain/langgraph', '@langchain/langgraph-checkpoint', '@langchain/langgraph-checkpoint-sqlite', '@langchain/langgraph-checkpoint-postgres', '@langchain/core', 'better-sqlite3'].map((name) => `${name} ${packageVersion(name)}`);
  return `Versions: Switchboard ${packageVersion('switchboard')} (this repository); ${versions.join(', ')}.`;
}

export async function storeVersionsLine(): Promise<string> {
  const sqlite = new DatabaseSync(':memory:');
  const nodeSqlite = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  sqlite.close();
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
    return `Stores: SQLite ${nodeSqlite} (node:sqlite, Switchboard) and the SQLite bundled with better-sqlite3 (LangGraph's SqliteSaver), files in a temporary directory on the same disk; PostgreSQL ${version} at 127.0.0.1, a fresh database per run, dropped after it.`;
  } finally {
    await client.end();
  }
}
