// node:sqlite (built into Node, no native addon) behind the statement interface Kysely's SQLite
// drivers expect, with a statement cache so hot queries are prepared once.
import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const statementCacheSize = 256;

function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}

class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #stmt: StatementSync;
  constructor(stmt: StatementSync) {
    this.#stmt = stmt;
    this.reader = stmt.columns().length > 0;
  }
  all(parameters: readonly unknown[]): unknown[] {
    return this.#stmt.all(...parameters.map(toSqliteValue));
  }
  run(parameters: readonly unknown[]) {
    const result = this.#stmt.run(...parameters.map(toSqliteValue));
    return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
  }
  iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    return this.#stmt.iterate(...parameters.map(toSqliteValue));
  }
}

function unicodeLower(value: SQLOutputValue): SQLInputValue {
  if (value === null || value instanceof Uint8Array) return value;
  return String(value).toLowerCase();
}

export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, CachedStatement>();

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    // WAL lets readers in other processes (CLI, a second server) work while one writes;
    // synchronous=FULL makes every committed step durable before the call returns.
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = FULL');
    this.#db.exec('PRAGMA busy_timeout = 10000');
    this.#db.exec('PRAGMA foreign_keys = ON');
    // SQLite's own lower() folds ASCII letters only; this one folds every letter, as PostgreSQL's does,
    // so a search for "zoë" finds "ZOË" on both (ticket-queries.ts).
    this.#db.function('lower', { deterministic: true }, unicodeLower);
  }

  get inTransaction(): boolean {
    return this.#db.isTransaction;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  prepare(sql: string): CachedStatement {
    const cached = this.#cache.get(sql);
    if (cached) return cached;
    const statement = new CachedStatement(this.#db.prepare(sql));
    if (this.#cache.size >= statementCacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(sql, statement);
    return statement;
  }

  close(): void {
    this.#cache.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}
