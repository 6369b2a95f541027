// The audit log is tamper-evident: the database refuses to change or remove its rows, and a change
// made by someone who dropped the triggers first is found at exactly the row it touched.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { canonicalJson, canonicalJsonAround } from '../../src/domain/canonical-json.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import { appendAudit, auditHash, auditInserts, type AuditEntry } from '../../src/store/audit-chain.ts';
import { writeTogether } from '../../src/store/write-batch.ts';
import { verifyAuditChain, type AuditProblem, type AuditVerification } from '../../src/store/audit-verify.ts';
import { fromJson } from '../../src/store/json.ts';
import * as appendOnly from '../../src/store/migrations/0002-audit-append-only.ts';
import type { Database } from '../../src/store/schema.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const refusal = /audit_log is append-only/;
const forgedHash = 'f'.repeat(64);
/** Typed as Kysely's migrations are, so it takes the app's typed connection. */
const appendOnlyMigration: Migration = appendOnly;

for (const dialect of await dialectsUnderTest()) {
  describe(`audit chain (${dialect})`, () => {
    const open = (t: TestContext) => switchboardForTest(t, dialect);

    it('an untouched chain verifies with every row counted, read in small batches or large', async (t) => {
      const sb = await open(t);
      await approveRefund(sb);
      await reviewTasks(sb, projectId, 3);
      const rows = await chain(sb, projectId);
      assert.ok(rows.length >= 8, `the refund and the tasks wrote ${rows.length} rows`);
      for (const batchSize of [2, 3, 1000]) {
        assert.deepEqual(await verifyAuditChain(sb.db, { batchSize }), { ok: true, projects: [{ projectId, rows: rows.length, lastHash: rows.at(-1)?.hash }] });
      }
    });

    it('a project without entries verifies as an empty chain', async (t) => {
      const sb = await open(t);
      assert.deepEqual(await verifyAuditChain(sb.db), { ok: true, projects: [{ projectId, rows: 0, lastHash: null }] });
    });

    it('the database refuses to update or delete audit rows, one at a time or all at once', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 2);
      const before = await chain(sb, projectId);
      const first = rowAt(before, 1);
      const db = sb.db.kysely;
      await assert.rejects(db.updateTable('audit_log').set({ actor: 'mallory' }).where('id', '=', first.id).execute(), refusal);
      await assert.rejects(db.deleteFrom('audit_log').where('id', '=', first.id).execute(), refusal);
      await assert.rejects(db.deleteFrom('audit_log').execute(), refusal);
      const upsert = db.insertInto('audit_log').values({ ...first, actor: 'mallory' }).onConflict((oc) => oc.column('id').doUpdateSet({ actor: 'mallory' }));
      await assert.rejects(upsert.execute(), refusal);
      assert.deepEqual(await chain(sb, projectId), before);
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    // Each dialect's own way around a trigger, tested where it exists (SQLite has no TRUNCATE, PostgreSQL no INSERT OR REPLACE).
    if (dialect === 'postgres') it('the database refuses TRUNCATE', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 1);
      await assert.rejects(sql`truncate audit_log`.execute(sb.db.kysely), refusal);
      assert.equal((await chain(sb, projectId)).length, 2);
    });

    if (dialect === 'sqlite') it('INSERT OR REPLACE cannot overwrite a row', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 1);
      const first = rowAt(await chain(sb, projectId), 1);
      await assert.rejects(sb.db.kysely.replaceInto('audit_log').values({ ...first, actor: 'mallory' }).execute(), refusal);
      assert.equal(rowAt(await chain(sb, projectId), 1).actor, first.actor);
    });

    it("a row whose data was changed behind the triggers' back is a hash mismatch at its seq", async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 3);
      const rows = await chain(sb, projectId);
      const target = rowAt(rows, 3);
      const edited = canonicalJson({ ...fromJson<Record<string, unknown>>(target.data, {}), title: 'Nothing to see here' });
      await tamper(sb, (db) => db.updateTable('audit_log').set({ data: edited }).where('id', '=', target.id).execute());
      const result = await verifyAuditChain(sb.db);
      assert.deepEqual(brief(problemOf(result)), { projectId, seq: 3, id: target.id, problem: 'hash_mismatch' });
      assert.equal(problemOf(result).actual, target.hash);
      assert.deepEqual(result.projects.map((p) => [p.projectId, p.rows]), [[projectId, rows.length]]);
    });

    it('a deleted middle row is reported missing at its seq', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 3);
      const rows = await chain(sb, projectId);
      await tamper(sb, (db) => db.deleteFrom('audit_log').where('id', '=', rowAt(rows, 4).id).execute());
      const result = await verifyAuditChain(sb.db);
      assert.deepEqual(brief(problemOf(result)), { projectId, seq: 4, id: rowAt(rows, 5).id, problem: 'missing_row' });
      assert.equal(result.projects[0]?.rows, rows.length - 1);
    });

    it("a forged hash with the next row relinked to it is still caught at the forged row", async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 3);
      const rows = await chain(sb, projectId);
      await tamper(sb, async (db) => {
        await db.updateTable('audit_log').set({ hash: forgedHash }).where('id', '=', rowAt(rows, 2).id).execute();
        await db.updateTable('audit_log').set({ prev_hash: forgedHash }).where('id', '=', rowAt(rows, 3).id).execute();
      });
      const problem = problemOf(await verifyAuditChain(sb.db));
      assert.deepEqual(brief(problem), { projectId, seq: 2, id: rowAt(rows, 2).id, problem: 'hash_mismatch' });
      assert.deepEqual([problem.expected, problem.actual], [rowAt(rows, 2).hash, forgedHash]);
    });

    it('a row pointing at the wrong predecessor is a broken link', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 2);
      const rows = await chain(sb, projectId);
      await tamper(sb, (db) => db.updateTable('audit_log').set({ prev_hash: rowAt(rows, 1).hash }).where('id', '=', rowAt(rows, 3).id).execute());
      assert.deepEqual(brief(problemOf(await verifyAuditChain(sb.db))), { projectId, seq: 3, id: rowAt(rows, 3).id, problem: 'broken_link' });
    });

    it('a renumbered first row is an unexpected seq', async (t) => {
      const sb = await open(t);
      await reviewTasks(sb, projectId, 1);
      const first = rowAt(await chain(sb, projectId), 1);
      await tamper(sb, (db) => db.updateTable('audit_log').set({ seq: 0 }).where('id', '=', first.id).execute());
      assert.deepEqual(brief(problemOf(await verifyAuditChain(sb.db))), { projectId, seq: 0, id: first.id, problem: 'unexpected_seq' });
    });

    it('entries with quotes, escapes and non-ASCII text hash as audit verify recomputes them, one or several at a time', async (t) => {
      const sb = await open(t);
      const ids = createIdGenerator();
      const entries = awkwardEntries();
      await sb.db.transaction(async (trx) => appendAudit(trx, sb.db.dialect, ids, entries[0] as AuditEntry));
      await sb.db.transaction(async (trx) => writeTogether(trx, sb.db.dialect, await auditInserts(trx, sb.db.dialect, ids, entries.slice(1))));
      const rows = await chain(sb, projectId);
      assert.deepEqual(rows.map((row) => row.seq), [1, 2, 3, 4]);
      rows.forEach((row, index) => {
        const entry = entries[index] as AuditEntry;
        assert.equal(row.data, canonicalJson(entry.data));
        assert.equal(row.hash, auditHash(row.prev_hash, row.seq, entry));
        assert.equal(row.prev_hash, index === 0 ? '0'.repeat(64) : rows[index - 1]?.hash);
      });
      const head = await sb.db.kysely.selectFrom('projects').select(['audit_seq', 'audit_head', 'audit_prev']).where('id', '=', projectId).executeTakeFirstOrThrow();
      // The second append added three entries after the first one's.
      assert.deepEqual({ ...head }, { audit_seq: 4, audit_head: rows[3]?.hash, audit_prev: rows[0]?.hash });
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('appends made at once each take their own seq, and the chain stays linked', async (t) => {
      const sb = await open(t);
      const ids = createIdGenerator();
      const entry = (n: number): AuditEntry => ({ projectId, actor: 'test', action: 'test.concurrent', subjectType: 'test', subjectId: String(n), data: { n }, at: new Date().toISOString() });
      await Promise.all(Array.from({ length: 12 }, (_, n) => sb.db.transaction((trx) => appendAudit(trx, sb.db.dialect, ids, entry(n)))));
      const rows = await chain(sb, projectId);
      assert.deepEqual(rows.map((row) => row.seq), Array.from({ length: 12 }, (_, n) => n + 1));
      assert.deepEqual(rows.map((row) => row.subject_id).sort((a, b) => Number(a) - Number(b)), Array.from({ length: 12 }, (_, n) => String(n)));
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('an append to a project that does not exist fails and writes nothing', async (t) => {
      const sb = await open(t);
      const ids = createIdGenerator();
      const entry: AuditEntry = { projectId: 'nowhere', actor: 'test', action: 'test.entry', subjectType: 'test', subjectId: '1', data: {}, at: new Date().toISOString() };
      await assert.rejects(sb.db.transaction((trx) => appendAudit(trx, sb.db.dialect, ids, entry)));
      assert.deepEqual(await sb.db.kysely.selectFrom('audit_log').select('id').execute(), []);
    });

    it("each project's chain is checked on its own; the first problem is reported, every project counted", async (t) => {
      const sb = await open(t);
      await sb.db.kysely.insertInto('projects').values({ id: 'other', name: 'Other', ticket_counter: 1000, created_at: new Date().toISOString() }).execute();
      await reviewTasks(sb, projectId, 2);
      await reviewTasks(sb, 'other', 1);
      const rows = await chain(sb, projectId);
      await tamper(sb, (db) => db.updateTable('audit_log').set({ actor: 'mallory' }).where('id', '=', rowAt(rows, 2).id).execute());
      const result = await verifyAuditChain(sb.db);
      assert.deepEqual(brief(problemOf(result)), { projectId, seq: 2, id: rowAt(rows, 2).id, problem: 'hash_mismatch' });
      assert.deepEqual(result.projects.map((p) => [p.projectId, p.rows, p.problem?.seq]), [[projectId, 4, 2], ['other', 2, undefined]]);
      assert.equal((await verifyAuditChain(sb.db, { projectId: 'other' })).ok, true);
      await assert.rejects(verifyAuditChain(sb.db, { projectId: 'nope' }), { code: 'project_not_found' });
    });
  });
}

describe('canonical JSON around a key', () => {
  it('is the canonical JSON with any value put in at the key, wherever the key sorts', () => {
    const values: Record<string, unknown>[] = [{}, { b: 1, a: [{ z: 1, y: null }], c: 'é"\\' }, { zz: 1 }, { s: undefined, t: 'x' }, { seq: 'taken', r: 1 }];
    for (const value of values) {
      for (const key of ['seq', 'a', 'zzz', 'A']) {
        const { before, after } = canonicalJsonAround(value, key);
        for (const filled of [0, 7, 1234567, 'text']) assert.equal(before + JSON.stringify(filled) + after, canonicalJson({ ...value, [key]: filled }));
      }
    }
  });
});

/** Entries whose text a store could mangle: quotes, backslashes, control characters, accents, emoji. */
function awkwardEntries(): AuditEntry[] {
  const at = '2026-11-22T10:00:00.000Z';
  const data = [{ note: 'say "hi"\\ then\nleave\u0001' }, { name: 'Zoë Müller – ünïcode', emoji: '🙂👍🏽' }, { nested: { b: [1, 2.5, null, true], a: { '': 'empty key' } } }, { long: 'x'.repeat(3000) }];
  return data.map((d, n) => ({ projectId, actor: `person:${n}`, action: 'test.awkward', subjectType: 'test', subjectId: `s"${n}`, data: d, at }));
}

/** A refund over the auto-approve limit: the engine opens a task, a reviewer approves it. */
async function approveRefund(sb: Switchboard): Promise<void> {
  const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
  assert.equal(paused.status, 'PAUSED_FOR_APPROVAL');
  assert.ok(paused.task_id);
  await sb.tasks.resolve(projectId, paused.task_id, { decision: 'approved', respondedBy: 'alice', notes: null });
}

/** Two audit rows per task: created, then claimed. */
async function reviewTasks(sb: Switchboard, project: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const task = await sb.tasks.create(project, { type: 'review', title: `Review ${i + 1}`, reason: 'Check the reply', createdBy: 'system:test' });
    await sb.tasks.claim(project, task.id, 'bob');
  }
}

function chain(sb: Switchboard, project: string) {
  return sb.db.kysely.selectFrom('audit_log').selectAll().where('project_id', '=', project).orderBy('seq').execute();
}

function rowAt<T extends { seq: number }>(rows: readonly T[], seq: number): T {
  const row = rows.find((r) => r.seq === seq);
  assert.ok(row, `a row with seq ${seq}`);
  return row;
}

/** What someone with the owner's rights can do: drop the triggers, then edit the table. */
async function tamper(sb: Switchboard, edit: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
  await appendOnlyMigration.down?.(sb.db.kysely);
  await edit(sb.db.kysely);
}

function problemOf(result: AuditVerification): AuditProblem {
  assert.ok(!result.ok, 'the chain is reported broken');
  return result.firstProblem;
}

function brief(problem: AuditProblem) {
  return { projectId: problem.projectId, seq: problem.seq, id: problem.id, problem: problem.problem };
}
