// The append-only audit log: each entry carries the hash of the one before it, per project.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.ts';
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

export async function appendAudit(trx: Transaction<Database>, dialect: StoreDialect, ids: IdGenerator, entry: AuditEntry): Promise<void> {
  await writeTogether(trx, dialect, await auditInserts(trx, ids, [entry]));
}

/**
 * The writes that append entries of one project to its chain, each hashed over the one before, to
 * run alone or inside a larger statement: the entries, and the project's new head. The head comes
 * from the project's row, whose update locks it so concurrent appends go one at a time; an update
 * that waited for that lock reads the row as the append before it left it (READ COMMITTED re-reads
 * an updated row), so no two appends take the same seq.
 */
export async function auditInserts(trx: Transaction<Database>, ids: IdGenerator, entries: readonly AuditEntry[]): Promise<Write[]> {
  const [first] = entries;
  if (!first) return [];
  if (entries.some((entry) => entry.projectId !== first.projectId)) throw new Error('Audit entries appended together must belong to one project.');
  const taken = await trx
    .updateTable('projects')
    .set((eb) => ({ audit_seq: eb('audit_seq', '+', entries.length) }))
    .where('id', '=', first.projectId)
    .returning(['audit_seq', 'audit_head'])
    .executeTakeFirst();
  if (!taken) throw new Error(`No project "${first.projectId}" to append audit entries to.`);
  let seq = Number(taken.audit_seq) - entries.length;
  let prevHash = taken.audit_head;
  const writes: Write[] = entries.map((entry) => {
    seq += 1;
    const hash = auditHash(prevHash, seq, entry);
    const insert = trx.insertInto('audit_log').values({
      id: ids(),
      project_id: entry.projectId,
      seq,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: canonicalJson(entry.data),
      prev_hash: prevHash,
      hash,
      created_at: entry.at,
    });
    prevHash = hash;
    return insert;
  });
  writes.push(trx.updateTable('projects').set({ audit_head: prevHash }).where('id', '=', first.projectId));
  return writes;
}
