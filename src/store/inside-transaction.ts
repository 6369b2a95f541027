// A Db that lives inside one open transaction of another and leaves nothing behind once the caller
// rolls that transaction back: its statements run on the transaction's connection, and each of its
// own transactions is a savepoint there. The rehearsal at start (src/app/rehearsal.ts) drives a whole
// run through it.
import { CompiledQuery, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export function insideTransaction(db: Db, trx: Transaction<Database>): Db {
  const kysely = new Kysely<Database>({ dialect: savepointDialect(db.dialect.name, trx) });
  return {
    kysely,
    dialect: db.dialect,
    transaction: (fn) => kysely.transaction().execute(fn),
    statement: (fn) => fn(kysely),
    // Nothing here is ever committed, so there is nothing to wait for.
    durable: async () => undefined,
    warm: async () => undefined,
    // The outer transaction, and the connection under it, belong to the caller.
    close: async () => undefined,
  };
}

function savepointDialect(name: Db['dialect']['name'], trx: Transaction<Database>): Dialect {
  const postgres = name === 'postgres';
  return {
    createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
    createDriver: () => new SavepointDriver(trx),
    createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
    createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
  };
}

/** Every connection is the outer transaction's; `begin` / `commit` / `rollback` are a savepoint's. */
class SavepointDriver implements Driver {
  readonly #connection: DatabaseConnection;
  /** Open savepoints, innermost last; named by depth, so their statements' text repeats. */
  #depth = 0;

  constructor(trx: Transaction<Database>) {
    this.#connection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => trx.executeQuery<R>(query),
      streamQuery: () => {
        throw new Error('Streaming is not supported inside a transaction of another.');
      },
    };
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.#depth += 1;
    await connection.executeQuery(CompiledQuery.raw(`savepoint inner_${this.#depth}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint inner_${this.#close()}`));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const depth = this.#close();
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint inner_${depth}`));
    await connection.executeQuery(CompiledQuery.raw(`release savepoint inner_${depth}`));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}

  #close(): number {
    if (this.#depth === 0) throw new Error('No transaction is open.');
    return this.#depth--;
  }
}
