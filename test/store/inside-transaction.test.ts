// A Db inside another's transaction: its statements see each other, its own transactions are
// savepoints (a failed one undoes only its writes), and rolling the outer transaction back leaves
// nothing of any of it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insideTransaction } from '../../src/store/inside-transaction.ts';
import type { Db } from '../../src/store/connect.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const createdAt = '2026-01-01T00:00:00.000Z';

async function projectIds(db: Db): Promise<string[]> {
  const rows = await db.kysely.selectFrom('projects').select('id').where('id', 'like', 'inner-%').orderBy('id').execute();
  return rows.map((row) => row.id);
}

function addProject(db: Db, id: string): Promise<unknown> {
  return db.kysely.insertInto('projects').values({ id, name: id, ticket_counter: 1000, created_at: createdAt }).execute();
}

class Undo extends Error {}

for (const dialect of await dialectsUnderTest()) {
  describe(`a Db inside a transaction (${dialect})`, () => {
    for (const deferCommit of [false, true]) {
      it(`keeps a failed inner transaction's writes out, the others in, and loses all of them with the outer one${deferCommit ? ' (deferred commit)' : ''}`, async (t) => {
        const sb = await switchboardForTest(t, dialect);
        let seenInside: string[] = [];
        await assert.rejects(
          sb.db.transaction(async (trx) => {
            const inner = insideTransaction(sb.db, trx);
            await addProject(inner, 'inner-a');
            await inner.transaction(async (nested) => {
              await nested.insertInto('projects').values({ id: 'inner-b', name: 'b', ticket_counter: 1000, created_at: createdAt }).execute();
            });
            await assert.rejects(
              inner.transaction(async (nested) => {
                await nested.insertInto('projects').values({ id: 'inner-c', name: 'c', ticket_counter: 1000, created_at: createdAt }).execute();
                throw new Error('inner failure');
              }),
              /inner failure/,
            );
            // A failed statement inside a savepoint leaves the outer transaction usable.
            await assert.rejects(inner.transaction(() => addProject(inner, 'inner-a')));
            await inner.statement((db) => db.insertInto('projects').values({ id: 'inner-d', name: 'd', ticket_counter: 1000, created_at: createdAt }).execute());
            seenInside = await projectIds(inner);
            throw new Undo();
          }, { deferCommit }),
          Undo,
        );
        assert.deepEqual(seenInside, ['inner-a', 'inner-b', 'inner-d']);
        assert.deepEqual(await projectIds(sb.db), []);
      });
    }

    it('closing it leaves the outer transaction and the store open', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      await sb.db.transaction(async (trx) => {
        const inner = insideTransaction(sb.db, trx);
        await inner.close();
        await addProject(inner, 'inner-kept');
      });
      assert.deepEqual(await projectIds(sb.db), ['inner-kept']);
    });
  });
}
