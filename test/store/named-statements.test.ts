// PostgreSQL clients prepare each statement once per connection, keep to a limit, and survive another
// process adding a column under a prepared `select *`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { nameStatements } from '../../src/store/named-statements.ts';
import { isPostgresAvailable, postgresUrl } from '../support/dialects.ts';

const available = await isPostgresAvailable();

describe('named statements on PostgreSQL', { skip: !available && 'PostgreSQL is not reachable' }, () => {
  const schema = `sb_named_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;

  before(async () => {
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.query(`create table ${schema}.items (id text primary key, label text not null)`);
    await admin.query(`insert into ${schema}.items values ('a', 'first'), ('b', 'second')`);
  });

  after(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  async function client(limit?: number): Promise<pg.Client> {
    const connection = new pg.Client({ connectionString: postgresUrl, options: `-c search_path=${schema}` });
    await connection.connect();
    nameStatements(connection, limit);
    return connection;
  }

  async function prepared(connection: pg.Client): Promise<string[]> {
    const { rows } = await connection.query<{ statement: string }>('select statement from pg_prepared_statements order by prepare_time');
    return rows.map((row) => row.statement);
  }

  it('prepares a statement with parameters once and reuses it; one without stays unprepared', async (t) => {
    const connection = await client();
    t.after(() => connection.end());
    for (const id of ['a', 'b', 'a']) await connection.query('select label from items where id = $1', [id]);
    await connection.query('select count(*) from items');
    assert.deepEqual(await prepared(connection), ['select label from items where id = $1']);
    const { rows } = await connection.query<{ label: string }>('select label from items where id = $1', ['b']);
    assert.deepEqual(rows, [{ label: 'second' }]);
  });

  it('sends statements past its limit unnamed, and they still answer', async (t) => {
    const connection = await client(2);
    t.after(() => connection.end());
    const labels: string[] = [];
    for (let n = 0; n < 4; n++) {
      const { rows } = await connection.query<{ label: string }>(`select label || '${n}' as label from items where id = $1`, ['a']);
      labels.push(rows[0]?.label ?? '');
    }
    assert.deepEqual(labels, ['first0', 'first1', 'first2', 'first3']);
    assert.equal((await prepared(connection)).length, 2);
  });

  it('answers a prepared select * after another connection added a column, outside a transaction', async (t) => {
    const connection = await client();
    t.after(() => connection.end());
    const read = () => connection.query<Record<string, unknown>>('select * from items where id = $1', ['a']);
    assert.deepEqual((await read()).rows, [{ id: 'a', label: 'first' }]);
    await admin.query(`alter table ${schema}.items add column note text default 'added'`);
    assert.deepEqual((await read()).rows, [{ id: 'a', label: 'first', note: 'added' }]);
    assert.deepEqual((await read()).rows, [{ id: 'a', label: 'first', note: 'added' }], 'and keeps answering, prepared again under a new name');
  });

  it('fails a transaction caught by the column change once, and the retried transaction commits', async (t) => {
    const connection = await client();
    t.after(() => connection.end());
    const read = () => connection.query<Record<string, unknown>>('select * from items where id = $1', ['b']);
    await read();
    await admin.query(`alter table ${schema}.items add column extra int default 7`);
    await connection.query('begin');
    await assert.rejects(read(), /cached plan must not change result type/);
    await connection.query('rollback');
    await connection.query('begin');
    const { rows } = await read();
    await connection.query('commit');
    assert.equal(rows[0]?.['extra'], 7);
  });
});
