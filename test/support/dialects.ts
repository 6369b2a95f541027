// Runs a suite against every database: a fresh SQLite file and a fresh PostgreSQL schema per use.
// PostgreSQL is required in CI; elsewhere a machine without it skips those cases and says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreTarget } from '../../src/store/connect.ts';

export const postgresUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: DialectName;
  target: StoreTarget;
  /** The same database as a DATABASE_URL (for child processes) or a SQLite file path. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let postgresAvailable: Promise<boolean> | undefined;

export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      if (process.env['CI']) throw new Error(`PostgreSQL is required in CI but ${postgresUrl} is unreachable.`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqlite() : createPostgres();
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const path = join(dir, 'switchboard.db');
  return {
    dialect: 'sqlite',
    target: { kind: 'sqlite', path },
    env: { SWITCHBOARD_DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const schema = `sb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    dialect: 'postgres',
    target: { kind: 'postgres', url, schema },
    env: { DATABASE_URL: url },
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** The dialects this machine can test; PostgreSQL is skipped (with a message) only outside CI. */
export async function dialectsUnderTest(): Promise<DialectName[]> {
  if (await isPostgresAvailable()) return ['sqlite', 'postgres'];
  console.warn('PostgreSQL is not reachable: running the SQLite half of the matrix only.');
  return ['sqlite'];
}
