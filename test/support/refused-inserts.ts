// Makes every insert into a table fail, as a constraint or a full disk would, and undoes it.
import { sql } from 'kysely';
import type { Switchboard } from '../../src/app/switchboard.ts';
import type { DialectName } from './dialects.ts';

type Table = 'messages' | 'tool_calls';

export async function refuseInserts(sb: Switchboard, dialect: DialectName, table: Table): Promise<void> {
  const name = sql.raw(`refuse_${table}`);
  const message = sql.lit(`${table} refused`);
  if (dialect === 'sqlite') {
    await sql`create trigger ${name} before insert on ${sql.table(table)} begin select raise(abort, ${message}); end`.execute(sb.db.kysely);
    return;
  }
  await sql`create function ${name}() returns trigger language plpgsql as ${sql.lit(`begin raise exception '${table} refused'; end`)}`.execute(sb.db.kysely);
  await sql`create trigger ${name} before insert on ${sql.table(table)} for each row execute function ${name}()`.execute(sb.db.kysely);
}

export async function allowInserts(sb: Switchboard, dialect: DialectName, table: Table): Promise<void> {
  await sql.raw(dialect === 'sqlite' ? `drop trigger refuse_${table}` : `drop trigger refuse_${table} on ${table}`).execute(sb.db.kysely);
}
