// The append-only audit log: each entry carries the hash of the one before it, per project.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { StoreDialect } from './store-dialect.ts';
import type { Database } from './schema.ts';

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
  for (const insert of await auditInserts(trx, dialect, ids, [entry])) await insert.execute();
}

/**
 * The inserts that append entries of one project to its chain, each hashed over the one before, to
 * run alone or inside a larger statement. The project's row is locked first so concurrent appends go
 * one at a time; the head is read after the lock, by a statement of its own, because under READ
 * COMMITTED a statement that waited for the lock would still see the head as it was before.
 */
export async function auditInserts(trx: Transaction<Database>, dialect: StoreDialect, ids: IdGenerator, entries: readonly AuditEntry[]) {
  const [first] = entries;
  if (!first) return [];
  if (entries.some((entry) => entry.projectId !== first.projectId)) throw new Error('Audit entries appended together must belong to one project.');
  await dialect.lockRow(trx.selectFrom('projects').select('id').where('id', '=', first.projectId)).execute();
  const head = await trx.selectFrom('audit_log').select(['seq', 'hash']).where('project_id', '=', first.projectId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = Number(head?.seq ?? 0);
  let prevHash = head?.hash ?? genesisHash;
  return entries.map((entry) => {
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
}
