// The one schema migrates the same way on SQLite and PostgreSQL, and its CHECK constraints guard statuses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { openDatabase, type Db } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import * as auditHead from '../../src/store/migrations/0010-audit-head.ts';
import { appendAudit, genesisHash } from '../../src/store/audit-chain.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import type { Database } from '../../src/store/schema.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';

const tables: readonly (keyof Database)[] = ['projects', 'tickets', 'messages', 'runs', 'steps', 'tool_calls', 'human_tasks', 'timers', 'outbox', 'audit_log', 'scheduled_jobs', 'demo_customers', 'demo_orders', 'demo_refunds'];
const at = '2026-01-01T00:00:00.000Z';
const allMigrations = ['0001-initial', '0002-audit-append-only', '0003-identity', '0004-deliveries', '0005-step-waits', '0006-run-observability', '0007-inbox-order', '0008-run-versions', '0009-run-retention', '0010-audit-head', '0011-audit-prev'];

for (const dialect of await dialectsUnderTest()) {
  describe(`migrations (${dialect})`, () => {
    let database: TestDatabase;
    let db: Db;

    before(async () => {
      database = await createTestDatabase(dialect);
      db = openDatabase(database.target);
    });

    after(async () => {
      await db.close();
      await database.drop();
    });

    it('apply every migration to a fresh database and create every table', async () => {
      assert.deepEqual(await migrateToLatest(db), allMigrations);
      for (const table of tables) {
        const rows = await db.kysely.selectFrom(table).selectAll().execute();
        assert.deepEqual(rows, [], `table ${table} exists and is empty`);
      }
    });

    it('re-running them is a no-op that keeps the data', async () => {
      await db.kysely.insertInto('projects').values({ id: 'p1', name: 'Kept', ticket_counter: 1000, created_at: at }).execute();
      assert.deepEqual(await migrateToLatest(db), []);
      const project = await db.kysely.selectFrom('projects').select('name').where('id', '=', 'p1').executeTakeFirst();
      assert.equal(project?.name, 'Kept');
    });

    it('a second fresh database on the same server migrates although the first already did', async () => {
      const other = await createTestDatabase(dialect);
      const otherDb = openDatabase(other.target);
      try {
        assert.deepEqual(await migrateToLatest(otherDb), allMigrations);
        assert.deepEqual(await otherDb.kysely.selectFrom('runs').selectAll().execute(), []);
      } finally {
        await otherDb.close();
        await other.drop();
      }
    });

    it('migrate a fresh database while another database on the same server is being dropped', async () => {
      for (let round = 0; round < 5; round++) {
        const doomed = await createTestDatabase(dialect);
        const doomedDb = openDatabase(doomed.target);
        await migrateToLatest(doomedDb);
        await doomedDb.close();
        const fresh = await createTestDatabase(dialect);
        const freshDb = openDatabase(fresh.target);
        try {
          const [applied] = await Promise.all([migrateToLatest(freshDb), doomed.drop()]);
          assert.deepEqual(applied, allMigrations);
        } finally {
          await freshDb.close();
          await fresh.drop();
        }
      }
    });

    it('0010 fills each project\'s audit head from its chain, and the next entry links to it', async () => {
      const ids = createIdGenerator();
      const append = (projectId: string, n: number) => db.kysely.transaction().execute((trx) => appendAudit(trx, db.dialect, ids, { projectId, actor: 'test', action: 'test.entry', subjectType: 'test', subjectId: String(n), data: { n }, at }));
      await db.kysely.insertInto('projects').values({ id: 'p-chain', name: 'Chain', ticket_counter: 1000, created_at: at }).execute();
      for (let n = 1; n <= 3; n++) await append('p-chain', n);
      const heads = async () => db.kysely.selectFrom('projects').select(['id', 'audit_seq', 'audit_head']).where('id', 'in', ['p1', 'p-chain']).orderBy('id').execute();
      const before = await heads();
      const last = await db.kysely.selectFrom('audit_log').select('hash').where('project_id', '=', 'p-chain').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(before.map((row) => ({ ...row })), [{ id: 'p-chain', audit_seq: 3, audit_head: last.hash }, { id: 'p1', audit_seq: 0, audit_head: genesisHash }]);

      // A database from before 0010: the columns go, and the migration brings them back filled.
      const untyped = db.kysely as unknown as Kysely<unknown>;
      await auditHead.down(untyped);
      await auditHead.up(untyped);
      assert.deepEqual((await heads()).map((row) => ({ ...row })), before.map((row) => ({ ...row })));
      await append('p-chain', 4);
      const verified = await verifyAuditChain(db, { projectId: 'p-chain' });
      assert.equal(verified.ok, true);
      assert.equal(verified.projects[0]?.rows, 4);
    });

    it('CHECK constraints reject an unknown run status and accept a known one', async () => {
      await db.kysely.insertInto('tickets').values(ticketRow('t1')).execute();
      await assert.rejects(db.kysely.insertInto('runs').values(runRow('r-bad', 't1', 'paused')).execute(), /runs_status_check/);
      await db.kysely.insertInto('runs').values(runRow('r-ok', 't1', 'queued')).execute();
      await assert.rejects(db.kysely.updateTable('runs').set({ status: 'sleeping' }).where('id', '=', 'r-ok').execute(), /runs_status_check/);
      const run = await db.kysely.selectFrom('runs').select('status').where('id', '=', 'r-ok').executeTakeFirstOrThrow();
      assert.equal(run.status, 'queued');
    });

    it('CHECK constraints reject an unknown ticket status', async () => {
      await assert.rejects(db.kysely.insertInto('tickets').values({ ...ticketRow('t2'), status: 'lost' }).execute(), /tickets_status_check/);
    });

    it('CHECK constraints let a step record only a known wait', async () => {
      await db.kysely.insertInto('tickets').values(ticketRow('t3')).execute();
      await db.kysely.insertInto('runs').values(runRow('r3', 't3', 'waiting')).execute();
      await assert.rejects(db.kysely.insertInto('steps').values(stepRow('s-bad', 'r3', 1, 'nap')).execute(), /CHECK constraint failed|steps_wait_check/);
      await db.kysely.insertInto('steps').values([stepRow('s1', 'r3', 1, 'approval'), stepRow('s2', 'r3', 2, null)]).execute();
      const waits = await db.kysely.selectFrom('steps').select('wait').where('run_id', '=', 'r3').orderBy('seq').execute();
      assert.deepEqual(waits.map((row) => row.wait), ['approval', null]);
    });
  });
}

function ticketRow(id: string) {
  return { id, project_id: 'p1', number: Number(id.slice(1)), thread_id: `thr_${id}`, status: 'new', category: null, priority: 'medium', subject: 'Subject', customer_email: null, assignee: null, version: 0, created_at: at, updated_at: at };
}

function runRow(id: string, ticketId: string, status: string) {
  return {
    id,
    project_id: 'p1',
    ticket_id: ticketId,
    workflow: 'refund-approval',
    status,
    current_node: null,
    state: '{}',
    wait: null,
    resume_value: null,
    step_count: 0,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    available_at: at,
    error: null,
    version: 0,
    created_at: at,
    updated_at: at,
    finished_at: null,
  };
}

function stepRow(id: string, runId: string, seq: number, wait: string | null) {
  return { id, project_id: 'p1', run_id: runId, seq, node: 'gate', layer: 'human', source: 'test', status: 'succeeded', decision: null, confidence: null, input_snapshot: null, output: '{}', started_at: at, finished_at: at, duration_ms: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0, wait };
}
