// The inbox's first page (open tasks by priority, then due time with undated last, then age) is read
// in index order: no sort of every open task, whatever the inbox's size.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { openDatabase, type Db } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { inboxQuery, type InboxFilter } from '../../src/app/human-tasks.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`the inbox's order index (${dialect})`, () => {
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

    const cases: [string, InboxFilter][] = [
      ['the first page of pending tasks', { status: 'pending', limit: 100 }],
      ["the dashboard's inbox: every open task", { open: true, limit: 500 }],
    ];
    for (const [what, filter] of cases) {
      it(`serves ${what} without sorting them`, async () => {
        const page = inboxQuery(db.kysely, 'default', filter, new Date().toISOString()).compile();
        const plan = dialect === 'sqlite' ? await sqlitePlan(db, page) : await postgresPlan(db, page);
        assert.match(plan, /human_tasks_(inbox|open)_order/, plan);
        assert.doesNotMatch(plan, dialect === 'sqlite' ? /TEMP B-TREE/ : /"Node Type": "Sort"/, plan);
      });
    }
  });
}

async function sqlitePlan(db: Db, query: CompiledQuery): Promise<string> {
  const { rows } = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
  return rows.map((row) => row.detail).join('\n');
}

/** On an empty table PostgreSQL would rather scan it; without that choice it shows how it orders. */
async function postgresPlan(db: Db, query: CompiledQuery): Promise<string> {
  return db.kysely.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]));
    return JSON.stringify(rows[0]?.['QUERY PLAN'], null, 1);
  });
}
