// Commits and the disk: a transaction that returns is committed and durable, many at once share one
// write, a deferred one is made durable by the next that waits, and one failing leaves the rest.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';
import { openDatabase, type Db } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { readingOwnWrites } from '../../src/store/deferred-commit.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';

const at = '2026-01-01T00:00:00.000Z';

function project(id: string) {
  return { id, name: id, ticket_counter: 1000, created_at: at };
}

describe('SQLite group commit', () => {
  let dir: string;
  let path: string;
  let db: Db;
  /** Another connection to the same file: it sees only what was committed to the file. */
  let reader: DatabaseSync;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-group-commit-'));
    path = join(dir, 'store.db');
    db = openDatabase({ kind: 'sqlite', path });
    await migrateToLatest(db);
    reader = new DatabaseSync(path);
  });

  after(async () => {
    reader.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seen = (id: string) => reader.prepare('select count(*) as n from projects where id = ?').get(id)?.['n'] === 1;
  const walFrames = () => Number((reader.prepare('pragma wal_checkpoint(passive)').get() ?? {})['log']);

  it('a transaction that returned is in the file', async () => {
    await db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project('durable')).execute());
    assert.equal(seen('durable'), true);
  });

  it('a deferred transaction is in the file once something waits for the disk', async () => {
    await db.transaction((trx) => trx.insertInto('projects').values(project('deferred')).execute(), { deferCommit: true });
    assert.equal(seen('deferred'), false, 'not yet written when the deferred commit returns');
    await db.durable();
    assert.equal(seen('deferred'), true);
  });

  it('a read outside a transaction returns what it saw of an open batch only once that is written', async () => {
    await db.transaction((trx) => trx.insertInto('projects').values(project('read-after')).execute(), { deferCommit: true });
    const row = await db.kysely.selectFrom('projects').select('id').where('id', '=', 'read-after').executeTakeFirst();
    assert.equal(row?.id, 'read-after');
    assert.equal(seen('read-after'), true, 'what the read returned is on disk');
  });

  it("a drive's read sees its own deferred commit without waiting for the disk", async () => {
    await db.transaction((trx) => trx.insertInto('projects').values(project('own-write')).execute(), { deferCommit: true });
    const row = await readingOwnWrites(() => db.kysely.selectFrom('projects').select('id').where('id', '=', 'own-write').executeTakeFirst());
    assert.equal(row?.id, 'own-write');
    assert.equal(seen('own-write'), false, 'not yet on disk');
    await db.durable();
    assert.equal(seen('own-write'), true);
  });

  it('a plain write joins an open batch and returns once it is written', async () => {
    await db.transaction((trx) => trx.insertInto('projects').values(project('before-write')).execute(), { deferCommit: true });
    await db.kysely.insertInto('projects').values(project('plain-write')).execute();
    assert.equal(seen('before-write'), true);
    assert.equal(seen('plain-write'), true);
  });

  it('transactions committing at once share one write instead of one each', async () => {
    const framesOf = async (write: () => Promise<unknown>) => {
      await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
      await write();
      return walFrames();
    };
    const ids = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}-${i}`);
    const oneByOne = await framesOf(async () => {
      for (const id of ids('serial')) await db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project(id)).execute());
    });
    const atOnce = await framesOf(() => Promise.all(ids('concurrent').map((id) => db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project(id)).execute()))));
    for (const id of [...ids('serial'), ...ids('concurrent')]) assert.equal(seen(id), true, id);
    assert.ok(oneByOne >= 20, `one write per transaction one by one (${oneByOne} frames)`);
    assert.ok(atOnce * 4 <= oneByOne, `20 transactions at once wrote ${atOnce} frames, one by one ${oneByOne}`);
  });

  it('a transaction that fails in a batch leaves the others committed', async () => {
    const results = await Promise.allSettled([
      db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project('kept-1')).execute()),
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('projects').values(project('dropped')).execute();
        throw new Error('the step failed');
      }),
      db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project('kept-2')).execute()),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(seen('kept-1'), true);
    assert.equal(seen('kept-2'), true);
    assert.equal(seen('dropped'), false);
    assert.equal(await db.kysely.selectFrom('projects').select('id').where('id', '=', 'dropped').executeTakeFirst(), undefined);
  });

  it('a second store on the same file in this process writes while the first holds a batch', async () => {
    const second = openDatabase({ kind: 'sqlite', path });
    try {
      await db.transaction((trx) => trx.insertInto('projects').values(project('first-store')).execute(), { deferCommit: true });
      // Without flushing the first store's batch, this would wait in SQLite's busy loop until it timed out.
      await second.kysely.transaction().execute((trx) => trx.insertInto('projects').values(project('second-store')).execute());
      assert.equal(seen('first-store'), true);
      assert.equal(seen('second-store'), true);
    } finally {
      await second.close();
    }
  });

  it('a process that dies before the flush loses only what nobody was told is durable', async () => {
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { openDatabase } from ${JSON.stringify(new URL('../../src/store/connect.ts', import.meta.url).href)};
         const db = openDatabase({ kind: 'sqlite', path: ${JSON.stringify(path)} });
         const row = (id) => ({ id, name: id, ticket_counter: 1000, created_at: '${at}' });
         await db.kysely.transaction().execute((trx) => trx.insertInto('projects').values(row('told-durable')).execute());
         await db.transaction((trx) => trx.insertInto('projects').values(row('never-flushed')).execute(), { deferCommit: true });
         process.exit(0);`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(seen('told-durable'), true);
    assert.equal(seen('never-flushed'), false);
    assert.equal(await db.kysely.selectFrom('projects').select('id').where('id', '=', 'never-flushed').executeTakeFirst(), undefined);
  });
});

for (const dialect of await dialectsUnderTest()) {
  describe(`deferred transactions (${dialect})`, () => {
    let database: TestDatabase;
    let db: Db;

    before(async () => {
      database = await createTestDatabase(dialect);
      db = openDatabase(database.target);
      await migrateToLatest(db);
    });

    after(async () => {
      await db.close();
      await database.drop();
    });

    it('commit, are seen by the next transaction, and roll back on failure', async () => {
      await db.transaction((trx) => trx.insertInto('projects').values(project('deferred-1')).execute(), { deferCommit: true });
      await assert.rejects(
        db.transaction(
          async (trx) => {
            await trx.insertInto('projects').values(project('deferred-2')).execute();
            throw new Error('failed');
          },
          { deferCommit: true },
        ),
      );
      await db.durable();
      const ids = (await db.kysely.selectFrom('projects').select('id').where('id', 'like', 'deferred-%').execute()).map((r) => r.id);
      assert.deepEqual(ids, ['deferred-1']);
    });

    it('take one statement on its own, deferred or not, and the next read sees it', async () => {
      await db.statement((k) => k.insertInto('projects').values(project('statement-deferred')).execute(), { deferCommit: true });
      await db.statement((k) => k.insertInto('projects').values(project('statement-plain')).execute());
      const ids = (await db.kysely.selectFrom('projects').select('id').where('id', 'like', 'statement-%').orderBy('id').execute()).map((r) => r.id);
      assert.deepEqual(ids, ['statement-deferred', 'statement-plain']);
    });

    if (dialect === 'postgres') {
      it('run on sessions that do not wait for the disk, while the others do', async () => {
        const setting = async (k: Kysely<Database>) => (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(k)).rows[0]?.synchronous_commit;
        assert.equal(await db.transaction((trx) => setting(trx), { deferCommit: true }), 'off');
        assert.equal(await db.statement((k) => setting(k), { deferCommit: true }), 'off');
        assert.equal(await db.transaction((trx) => setting(trx)), 'on');
        assert.equal(await db.statement((k) => setting(k)), 'on');
        assert.equal(await setting(db.kysely), 'on');
      });
    }
  });
}
