// Makes audit_log append-only in the database itself: no code path, script or console session can
// rewrite history without first dropping these triggers, and the hash chain shows it if anyone does.
import { PostgresIntrospector, sql, type Kysely } from 'kysely';

const refusal = 'audit_log is append-only';

interface Triggers {
  up: readonly string[];
  down: readonly string[];
}

/** Row triggers refuse UPDATE and DELETE (an upsert's update too); a statement trigger refuses TRUNCATE. */
const postgresTriggers: Triggers = {
  up: [
    `create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '${refusal} (% refused)', tg_op;
      end
    $$`,
    'create trigger audit_log_no_update_delete before update or delete on audit_log for each row execute function audit_log_append_only()',
    'create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()',
  ],
  down: [
    'drop trigger if exists audit_log_no_truncate on audit_log',
    'drop trigger if exists audit_log_no_update_delete on audit_log',
    'drop function if exists audit_log_append_only()',
  ],
};

/**
 * SQLite has no TRUNCATE (a bare DELETE fires the delete trigger), but INSERT OR REPLACE deletes the
 * row it collides with without firing delete triggers, so an insert over an existing row is refused too.
 */
const sqliteTriggers: Triggers = {
  up: [
    `create trigger audit_log_no_update before update on audit_log begin select raise(abort, '${refusal}'); end`,
    `create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, '${refusal}'); end`,
    `create trigger audit_log_no_replace before insert on audit_log
      when exists (select 1 from audit_log where id = new.id or (project_id = new.project_id and seq = new.seq))
      begin select raise(abort, '${refusal}'); end`,
  ],
  down: ['drop trigger if exists audit_log_no_replace', 'drop trigger if exists audit_log_no_delete', 'drop trigger if exists audit_log_no_update'],
};

/** Trigger syntax is the one thing here the dialects do not share. */
function triggersFor(db: Kysely<unknown>): Triggers {
  return db.introspection instanceof PostgresIntrospector ? postgresTriggers : sqliteTriggers;
}

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, triggersFor(db).up);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await run(db, triggersFor(db).down);
}
