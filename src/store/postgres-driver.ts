// PostgreSQL's driver, with deferred commits: a transaction begun inside `deferringCommit` commits with
// `synchronous_commit = off` (it returns without waiting for the WAL flush; the next synchronous commit
// flushes the log past it). The setting goes with `begin` in one round trip.
import { CompiledQuery, PostgresDriver, type DatabaseConnection, type TransactionSettings } from 'kysely';
import { isCommitDeferred } from './deferred-commit.ts';

export class DeferringPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (!isCommitDeferred() || settings.isolationLevel || settings.accessMode) return super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw('begin; set local synchronous_commit = off'));
  }
}
