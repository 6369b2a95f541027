// The append-only audit log: each entry carries the hash of the one before it, per project.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import { canonicalJson, canonicalJsonAround } from '../domain/canonical-json.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { StoreDialect } from './store-dialect.ts';
import type { Database } from './schema.ts';
import { writeTogether, type Write } from './write-batch.ts';

export interface AuditEntry {
  projectId: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  at: string;
}

export const genesisHash = '0'.repeat(64);

export function auditHash(prevHash: string, seq: number, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalJson({ seq, ...entry })).digest('hex');
}

export async function appendAudit(db: Kysely<Database>, dialect: StoreDialect, ids: IdGenerator, entry: AuditEntry): Promise<void> {
  await writeTogether(db, dialect, await auditInserts(db, dialect, ids, [entry]));
}

/**
 * The writes that append entries of one project to its chain, each hashed over the one before, to
 * send together (`writeTogether`, or a step's statement): the entries, and the project's new head.
 * The head is on the project's row, whose update locks it so concurrent appends go one at a time; an
 * update that waited for that lock works on the row as the append before it left it (READ COMMITTED
 * re-reads an updated row), so no two appends take the same seq.
 *
 * On PostgreSQL the head is taken and the entries hashed in the statement that writes them, so an
 * append costs no round trip of its own; on SQLite, in process, the head is taken now and the
 * entries hashed here. Both hash the same bytes (`auditHash`, which `audit verify` recomputes).
 */
export async function auditInserts(db: Kysely<Database>, dialect: StoreDialect, ids: IdGenerator, entries: readonly AuditEntry[]): Promise<Write[]> {
  const [first] = entries;
  if (!first) return [];
  if (entries.some((entry) => entry.projectId !== first.projectId)) throw new Error('Audit entries appended together must belong to one project.');
  return dialect.name === 'postgres' ? hashedInStatement(db, ids, first.projectId, entries) : hashedHere(db, ids, first.projectId, entries);
}

async function hashedHere(db: Kysely<Database>, ids: IdGenerator, projectId: string, entries: readonly AuditEntry[]): Promise<Write[]> {
  const taken = await db
    .updateTable('projects')
    .set((eb) => ({ audit_seq: eb('audit_seq', '+', entries.length) }))
    .where('id', '=', projectId)
    .returning(['audit_seq', 'audit_head'])
    .executeTakeFirst();
  if (!taken) throw new Error(`No project "${projectId}" to append audit entries to.`);
  let seq = Number(taken.audit_seq) - entries.length;
  let prevHash = taken.audit_head;
  const writes: Write[] = entries.map((entry) => {
    seq += 1;
    const hash = auditHash(prevHash, seq, entry);
    const insert = db.insertInto('audit_log').values({ ...auditRow(ids, entry), seq, prev_hash: prevHash, hash });
    prevHash = hash;
    return insert;
  });
  writes.push(db.updateTable('projects').set({ audit_head: prevHash, audit_prev: taken.audit_head }).where('id', '=', projectId));
  return writes;
}

/** The name the entries' insert reads the taken head by. */
const takenHead = 'audit_head_taken';

/**
 * Two writes for one statement: the project's update, which moves the head past the entries (its SET
 * sees the row before the update, so `audit_prev` keeps the head it started from), and the entries'
 * insert, which hashes them again from what that update returns. A project that is not there returns
 * no row, and the insert's seq is then null, which fails the statement rather than skip the entries.
 */
function hashedInStatement(db: Kysely<Database>, ids: IdGenerator, projectId: string, entries: readonly AuditEntry[]): Write[] {
  const count = entries.length;
  const around = entries.map((entry) => canonicalJsonAround({ ...entry }, 'seq'));
  /** Each entry's predecessor and hash, chained from `prev`; `seqBefore` is the seq before the first. */
  const chained = (prev: RawBuilder<string>, seqBefore: RawBuilder<number>) => {
    const links: { prev: RawBuilder<string>; hash: RawBuilder<string> }[] = [];
    around.forEach((text, index) => {
      const before = links.at(-1)?.hash ?? prev;
      const seq = sql`(${seqBefore} + ${sql.lit(index + 1)})::text`;
      links.push({ prev: before, hash: sql<string>`encode(sha256(convert_to(${before} || ${text.before}::text || ${seq} || ${text.after}::text, 'UTF8')), 'hex')` });
    });
    return links;
  };
  const head = chained(sql`audit_head`, sql`audit_seq`).at(-1)?.hash ?? sql<string>`audit_head`;
  const take = db
    .updateTable('projects')
    .set((eb) => ({ audit_seq: eb('audit_seq', '+', count), audit_prev: eb.ref('audit_head'), audit_head: head }))
    .where('id', '=', projectId)
    .returning(['audit_seq', 'audit_prev']);
  const links = chained(sql`taken.audit_prev`, sql`(taken.audit_seq - ${sql.lit(count)})`);
  const rows = entries.map((entry, index) => {
    const row = auditRow(ids, entry);
    const link = links[index];
    return sql`select ${row.id}, ${row.project_id}, taken.audit_seq - ${sql.lit(count - index - 1)}, ${row.actor}, ${row.action}, ${row.subject_type}, ${row.subject_id}, ${row.data}, ${link?.prev}, ${link?.hash}, ${row.created_at}
      from (select 1) as one left join ${sql.table(takenHead)} as taken on true`;
  });
  const insert = sql`insert into audit_log (id, project_id, seq, actor, action, subject_type, subject_id, data, prev_hash, hash, created_at) ${sql.join(rows, sql` union all `)}`;
  return [partOfStatement(take, takenHead), partOfStatement(insert)];
}

function auditRow(ids: IdGenerator, entry: AuditEntry) {
  return { id: ids(), project_id: entry.projectId, actor: entry.actor, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, data: canonicalJson(entry.data), created_at: entry.at };
}

/** A write that only makes sense with the others of its statement (the insert reads the taken head). */
function partOfStatement(node: OperationNodeSource, cteName?: string): Write {
  return {
    ...(cteName ? { cteName } : {}),
    toOperationNode: () => node.toOperationNode(),
    execute: () => Promise.reject(new Error('An audit append on PostgreSQL is sent with the rest of its statement (writeTogether).')),
  };
}
