// SQLite group commit. The one connection keeps a write transaction open across the transactions
// of one turn of the event loop, each of them a savepoint inside it, and commits it when the turn
// ends: steps of many runs committing at once share one fsync instead of paying one each.
//
// A commit still returns only once it is on disk (synchronous=FULL), unless its caller asked to defer
// the flush (`deferringCommit`): a step the same call continues from, whose durability the call's last
// commit brings, since the flush writes the whole batch. A crash before the flush loses the batch, and
// with it only commits nobody was yet told were durable.
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { isCommitDeferred, readsOwnWrites } from './deferred-commit.ts';
import type { NodeSqliteDatabase } from './sqlite-database.ts';


/**
 * The drivers of this process by database file. A second connection to the same file (two stores in
 * one process, as tests open them) would wait on the batch's write lock in SQLite's busy loop, which
 * blocks the thread the flush needs: so it flushes the others' batches before it writes.
 */
const driversByFile = new Map<string, Set<GroupCommitSqliteDriver>>();


interface Batch {
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  scheduled: boolean;
}

export class GroupCommitSqliteDriver implements Driver {
  readonly #file: string;
  readonly #open: () => Promise<NodeSqliteDatabase>;
  readonly #lock = new Mutex();
  #db: NodeSqliteDatabase | undefined;
  /** The open write transaction holding the batch, if any. */
  #batch: Batch | null = null;
  /** A logical transaction (a savepoint) is open: the batch cannot be committed under it. */
  #logicalOpen = false;

  /** `file` names the database file (resolved), so connections to the same file know each other. */
  constructor(file: string, open: () => Promise<NodeSqliteDatabase>) {
    this.#file = file;
    this.#open = open;
  }

  async init(): Promise<void> {
    this.#db = await this.#open();
    const siblings = driversByFile.get(this.#file) ?? new Set();
    siblings.add(this);
    driversByFile.set(this.#file, siblings);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.lock();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    // Write transactions take the write lock up front, so two processes never deadlock upgrading a read.
    if (!this.#batch) {
      this.#flushSiblings();
      this.#exec('begin immediate');
      this.#batch = { waiters: [], scheduled: false };
    }
    try {
      this.#exec('savepoint group_commit_logical');
    } catch (error) {
      // No transaction opened: the batch (and its write lock) must still be flushed.
      this.#scheduleFlush();
      throw error;
    }
    this.#logicalOpen = true;
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    this.#exec('release group_commit_logical');
    this.#logicalOpen = false;
    lease.inTransaction = false;
    const flushed = isCommitDeferred() ? undefined : this.#nextFlush();
    this.#scheduleFlush();
    // Let the next transaction in before the flush, so it joins this batch.
    lease.release();
    await flushed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    this.#logicalOpen = false;
    lease.inTransaction = false;
    try {
      if (this.#database().inTransaction) {
        this.#exec('rollback to group_commit_logical');
        this.#exec('release group_commit_logical');
      } else {
        // SQLite rolled the whole batch back (an I/O error, a full disk): the commits in it are lost.
        this.#failBatch(new Error('SQLite rolled back the open write transaction; its commits were not written.'));
      }
    } finally {
      if (this.#batch) this.#scheduleFlush();
      lease.release();
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    asLease(connection).release();
  }

  async destroy(): Promise<void> {
    this.#flush();
    driversByFile.get(this.#file)?.delete(this);
    this.#db?.close();
  }

  /**
   * Runs one statement of a lease. Outside a transaction, a write returns once it is on disk, and so
   * does a read that saw the open batch, unless it is a drive's (`readingOwnWrites`).
   */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    const standalone = !lease.inTransaction && this.#batch !== null;
    // A pragma (a checkpoint, say) cannot run inside the batch's transaction: flush the batch first.
    if (standalone && /^\s*pragma\b/i.test(query.sql)) await this.flushed();
    if (!lease.inTransaction && !this.#batch && !SelectQueryNode.is(query.query)) this.#flushSiblings();
    const result = runStatement<R>(this.#database(), query);
    if (standalone && this.#batch && (!SelectQueryNode.is(query.query) || !readsOwnWrites())) await this.flushed();
    return result;
  }

  async *stream<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#database().prepare(query.sql);
    for (const row of statement.iterate(query.parameters)) yield { rows: [row as R] };
  }

  /** Resolves once the batch open now, if any, is on disk. */
  flushed(): Promise<void> {
    const flushed = this.#nextFlush();
    this.#scheduleFlush();
    return flushed;
  }

  unlock(): void {
    this.#lock.unlock();
  }

  /** Commits this connection's batch now, unless a transaction is open in it. */
  flushIfIdle(): void {
    if (!this.#logicalOpen) this.#flush();
  }

  #flushSiblings(): void {
    if (this.#file === ':memory:') return;
    for (const sibling of driversByFile.get(this.#file) ?? []) if (sibling !== this) sibling.flushIfIdle();
  }

  #nextFlush(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return Promise.resolve();
    return new Promise((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  #scheduleFlush(): void {
    const batch = this.#batch;
    if (!batch || batch.scheduled) return;
    batch.scheduled = true;
    setImmediate(() => {
      batch.scheduled = false;
      // A transaction still open (awaiting something) flushes the batch when it ends.
      if (this.#batch === batch) this.flushIfIdle();
    });
  }

  #flush(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    try {
      this.#exec('commit');
    } catch (error) {
      if (this.#database().inTransaction) this.#exec('rollback');
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of batch.waiters) waiter.resolve();
  }

  #failBatch(error: unknown): void {
    const batch = this.#batch;
    this.#batch = null;
    for (const waiter of batch?.waiters ?? []) waiter.reject(error);
  }

  #exec(sql: string): void {
    this.#database().exec(sql);
  }

  #database(): NodeSqliteDatabase {
    if (!this.#db) throw new Error('The SQLite driver was used before init().');
    return this.#db;
  }
}

/** One acquisition of the connection; releasing it twice (at commit, then by Kysely) is harmless. */
class Lease implements DatabaseConnection {
  readonly #driver: GroupCommitSqliteDriver;
  #held = true;
  inTransaction = false;

  constructor(driver: GroupCommitSqliteDriver) {
    this.#driver = driver;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.execute<R>(this, query);
  }

  streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.#driver.stream<R>(query);
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#driver.unlock();
  }
}

function asLease(connection: DatabaseConnection): Lease {
  if (!(connection instanceof Lease)) throw new Error('A connection from another driver was handed to the SQLite driver.');
  return connection;
}

function runStatement<R>(db: NodeSqliteDatabase, query: CompiledQuery): QueryResult<R> {
  const statement = db.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The one connection is used by one caller at a time, in the order they asked. */
class Mutex {
  #locked = false;
  readonly #queue: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#locked = false;
  }
}
