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
  // Lock the project row so concurrent decisions append to the chain one at a time.
  await dialect.lockRow(trx.selectFrom('projects').select('id').where('id', '=', entry.projectId)).execute();
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).where('project_id', '=', entry.projectId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? genesisHash;
  await trx
    .insertInto('audit_log')
    .values({
      id: ids(),
      project_id: entry.projectId,
      seq,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: canonicalJson(entry.data),
      prev_hash: prevHash,
      hash: auditHash(prevHash, seq, entry),
      created_at: entry.at,
    })
    .execute();
}
