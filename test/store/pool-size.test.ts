// A PostgreSQL pool opens no more sessions than its size, however many calls wait: the calls queue
// for the sessions it has. (SQLite has one connection and no pool.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/store/connect.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';
import { createTestDatabase, dialectsUnderTest, postgresUrl, type TestDatabase } from '../support/dialects.ts';
import { eventually } from '../support/eventually.ts';

const lockKey = 7_000_001;

if ((await dialectsUnderTest()).includes('postgres')) {
  describe('PostgreSQL pool size', () => {
    let database: TestDatabase;
    let holder: pg.Client;

    before(async () => {
      database = await createTestDatabase('postgres');
      holder = new pg.Client({ connectionString: postgresUrl });
      await holder.connect();
    });

    after(async () => {
      await holder.end();
      await database.drop();
    });

    it('runs six waiting calls on the two sessions a pool of two may open', async () => {
      const { target } = database;
      if (target.kind !== 'postgres') throw new Error('a PostgreSQL target');
      const db = openDatabase({ ...target, poolSize: 2 });
      await holder.query('select pg_advisory_lock($1)', [lockKey]);
      const calls = Array.from({ length: 6 }, () =>
        db.transaction(async (trx) => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_advisory_xact_lock_shared(${lockKey})`.execute(trx)).rows[0]?.pid),
      );
      try {
        // Two calls hold a session each and wait for the lock; the other four wait for a session.
        await eventually(async () => ((await waitingForLock(holder)) === 2 ? true : undefined), 'two sessions waiting for the lock');
        await holder.query('select pg_advisory_unlock($1)', [lockKey]);
        const pids = await Promise.all(calls);
        assert.equal(new Set(pids).size, 2, `sessions used: ${pids.join(', ')}`);
      } finally {
        // Whatever failed, the waiting calls are let through, so nothing is left hanging.
        await holder.query('select pg_advisory_unlock_all()');
        await Promise.allSettled(calls);
        await db.close();
      }
    });

    it('refuses a size below one, saying what it got', () => {
      const { target } = database;
      if (target.kind !== 'postgres') throw new Error('a PostgreSQL target');
      for (const poolSize of [0, -1, 1.5]) {
        assert.throws(() => openDatabase({ ...target, poolSize }), (error) => isSwitchboardError(error) && error.code === 'invalid_config' && error.message.includes(String(poolSize)));
      }
    });
  });
}

async function waitingForLock(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: string }>("select count(*) from pg_locks where locktype = 'advisory' and objid = $1 and not granted", [lockKey]);
  return Number(rows[0]?.count ?? 0);
}
