// Opens the database: PostgreSQL when a URL is given, otherwise an embedded SQLite file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { ImmediateSqliteDriver, NodeSqliteDatabase } from './sqlite-database.ts';
import { postgresAdapter, sqliteAdapter, type StoreDialect } from './store-dialect.ts';

export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: StoreDialect;
  close(): Promise<void>;
}

export function openDatabase(target: StoreTarget): Db {
  const dialect = target.kind === 'sqlite' ? sqliteAdapter : postgresAdapter;
  const kysely = new Kysely<Database>({ dialect: target.kind === 'sqlite' ? sqliteDialect(target.path) : postgresDialect(target) });
  return { kysely, dialect, close: () => kysely.destroy() };
}

function sqliteDialect(path: string): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const config = { database: () => Promise.resolve(new NodeSqliteDatabase(path)) };
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(config),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

function postgresDialect(target: { url: string; schema?: string }): Dialect {
  const options = target.schema === undefined ? undefined : `-c search_path=${target.schema}`;
  const pool = new pg.Pool({ connectionString: target.url, max: 10, ...(options ? { options } : {}) });
  // A client that loses its server (restart, failover) must not crash the process: idle ones report
  // to the pool, and a checked-out one's error has no pool listener, so every client gets its own. The
  // query that was running still fails with the error and is retried or answered 503.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new PostgresDialect({ pool });
}
