// Stores for benchmarks: a temporary directory for SQLite files, and a fresh PostgreSQL database
// created for one run and dropped after it, so every run starts empty and leaves nothing behind.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The server's maintenance database; benchmarks create their own databases next to it. */
export const postgresAdminUrl = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function benchTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `switchboard-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshPostgresDatabase(prefix: string): Promise<FreshDatabase> {
  const name = `bench_${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The database file and its write-ahead log (call after a checkpoint so the log holds no stale pages). */
export function sqliteFileBytes(path: string): number {
  return [path, `${path}-wal`].reduce((sum, file) => sum + sizeOf(file), 0);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Tables, indexes and TOAST of the named tables (or every table of the schema), in bytes. */
export async function postgresTableBytes(client: pg.Pool | pg.Client, tables?: readonly string[]): Promise<number> {
  const result = await client.query<{ bytes: string | null }>(
    `select sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass))::text as bytes
       from pg_tables where schemaname = current_schema() and ($1::text[] is null or tablename = any($1))`,
    [tables ?? null],
  );
  return Number(result.rows[0]?.bytes ?? 0);
}

/** SQLite's `PRAGMA synchronous` level by name. */
export function synchronousName(level: number | undefined): string {
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level ?? -1] ?? String(level);
}
