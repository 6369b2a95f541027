// Opens the database: PostgreSQL when a URL is given, otherwise an embedded SQLite file.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresAdapter, PostgresDriver, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type Dialect, type Transaction } from 'kysely';
import pg from 'pg';
import { SwitchboardError } from '../domain/errors.ts';
import type { Database } from './schema.ts';
import { deferringCommit } from './deferred-commit.ts';
import { GroupCommitSqliteDriver } from './group-commit-driver.ts';
import { nameStatements } from './named-statements.ts';
import { NodeSqliteDatabase } from './sqlite-database.ts';
import { postgresAdapter, sqliteAdapter, type StoreDialect } from './store-dialect.ts';

/**
 * Where the data lives. PostgreSQL: `poolSize` bounds each of the process's two connection pools
 * (commits that wait for the disk, and those that need not), so a process opens at most twice that.
 */
export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

/** Connections per pool when the target names no `poolSize`. */
export const defaultPoolSize = 10;

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: StoreDialect;
  /**
   * Runs `fn` in a transaction. With `deferCommit`, the commit may return before it is on disk: for a
   * step the same call goes on from, made durable by the call's last commit, which waits. SQLite
   * flushes it with its batch (group-commit-driver.ts); PostgreSQL commits it on a connection set to
   * `synchronous_commit = off`, and the later synchronous commit flushes the write-ahead log past it.
   */
  readonly transaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>, options?: { deferCommit?: boolean }) => Promise<T>;
  /**
   * Runs `fn`, which sends one statement: on PostgreSQL outside a transaction (the statement is one,
   * and costs no `begin` or `commit`), on SQLite in one. `deferCommit` as for `transaction`.
   */
  readonly statement: <T>(fn: (db: Kysely<Database>) => Promise<T>, options?: { deferCommit?: boolean }) => Promise<T>;
  /** Resolves once every commit made so far, deferred ones included, is on disk. */
  readonly durable: () => Promise<void>;
  /**
   * Opens the connections calls will need, so the first call after start does not pay for them
   * (PostgreSQL: one session in each pool, kept open while idle, with the catalog entries of the
   * tables runs use loaded; SQLite has nothing to open).
   */
  readonly warm: () => Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(target: StoreTarget): Db {
  return target.kind === 'sqlite' ? openSqlite(target.path) : openPostgres(target);
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const driver = new GroupCommitSqliteDriver(path === ':memory:' ? path : resolve(path), () => Promise.resolve(new NodeSqliteDatabase(path)));
  const kysely = new Kysely<Database>({ dialect: sqliteDialect(driver) });
  const transaction: Db['transaction'] = (fn, options) => (options?.deferCommit ? deferringCommit(() => kysely.transaction().execute(fn)) : kysely.transaction().execute(fn));
  return {
    kysely,
    dialect: sqliteAdapter,
    transaction,
    statement: (fn, options) => transaction(fn, options),
    durable: () => driver.flushed(),
    warm: async () => undefined,
    close: () => kysely.destroy(),
  };
}

function openPostgres(target: Extract<StoreTarget, { kind: 'postgres' }>): Db {
  if (target.poolSize !== undefined && !(Number.isInteger(target.poolSize) && target.poolSize >= 1)) {
    throw new SwitchboardError('invalid_config', `The PostgreSQL pool size must be a whole number of at least 1, got ${target.poolSize}.`);
  }
  const kysely = new Kysely<Database>({ dialect: postgresDialect(target, {}) });
  // Commits that need not wait for the disk go through connections of their own, whose sessions do
  // not wait: a statement there costs one round trip, with no `begin` and `commit` to set it.
  const deferred = new Kysely<Database>({ dialect: postgresDialect(target, { synchronousCommit: 'off' }) });
  return {
    kysely,
    dialect: postgresAdapter,
    transaction: (fn, options) => (options?.deferCommit ? deferred : kysely).transaction().execute(fn),
    statement: (fn, options) => fn(options?.deferCommit ? deferred : kysely),
    // A transaction id makes the commit write a record, which waits for the log to be flushed up to it.
    durable: () => kysely.transaction().execute(async (trx) => void (await sql`select pg_current_xact_id()`.execute(trx))),
    warm: async () => {
      await Promise.all([kysely, deferred].map((db) => catalogProbe.execute(db).catch(() => undefined)));
    },
    close: async () => {
      await Promise.all([kysely.destroy(), deferred.destroy()]);
    },
  };
}

/** The tables a run's calls write and read. */
const hotTables = ['runs', 'steps', 'messages', 'tickets', 'human_tasks', 'tool_calls', 'outbox', 'audit_log', 'projects', 'timers'] as const;

/**
 * A fresh server session reads a table's catalog entries (columns, indexes, constraints) the first
 * time a statement names it, which made a process's first resume several milliseconds slower than
 * its second (docs/benchmarks.md, cold start). Planning one statement that names every table a run
 * touches, with a condition on its key so that its indexes are considered too, loads them at start.
 */
const catalogProbe = sql`select ${sql.join(hotTables.map((table) => sql`(select count(*) from ${sql.table(table)} where id = '')`))}`;

function sqliteDialect(driver: GroupCommitSqliteDriver): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

function postgresDialect(target: Extract<StoreTarget, { kind: 'postgres' }>, session: { synchronousCommit?: 'off' }): Dialect {
  const options = target.schema === undefined ? undefined : `-c search_path=${target.schema}`;
  // One session stays open while idle, so a call after a quiet spell does not wait for a connection;
  // idle sessions do not keep the process alive.
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? defaultPoolSize, min: 1, allowExitOnIdle: true, ...(options ? { options } : {}) });
  // A client that loses its server (restart, failover) must not crash the process: idle ones report
  // to the pool, and a checked-out one's error has no pool listener, so every client gets its own. The
  // query that was running still fails with the error and is retried or answered 503.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // Sent first on the new session, ahead of anything queued on it (a URL's own `options` would
    // override a startup option). Should it fail, the session keeps waiting for the disk.
    if (session.synchronousCommit) client.query(`set synchronous_commit = ${session.synchronousCommit}`).catch(() => undefined);
    nameStatements(client);
  });
  const config = { pool };
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PostgresDriver(config),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
