// `switchboard audit verify` as an operator runs it: a separate process reading the database, exit 0
// and one line per chain when intact, exit 1 and one line naming the row when history was rewritten.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Migration } from 'kysely';
import { createSwitchboard } from '../../src/app/switchboard.ts';
import type { AuditVerification } from '../../src/store/audit-verify.ts';
import { openDatabase } from '../../src/store/connect.ts';
import * as appendOnly from '../../src/store/migrations/0002-audit-append-only.ts';
import { runCli, sharedCacheDir } from '../support/cli-process.ts';
import { inProcessDemoConfig } from '../support/demo-config.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';

const appendOnlyMigration: Migration = appendOnly;

for (const dialect of await dialectsUnderTest()) {
  describe(`switchboard audit verify (${dialect})`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let rows: Awaited<ReturnType<typeof writeAuditRows>>;

    before(async () => {
      database = await createTestDatabase(dialect);
      rows = await writeAuditRows(database, 2);
    });
    after(() => database?.drop());

    it('reports an intact chain with its row count and last hash, even with a server URL set', async () => {
      // Remote mode does not apply: the chain is read from the database.
      const intact = await runCli(['audit', 'verify'], { ...database.env, SWITCHBOARD_URL: 'http://127.0.0.1:9' });
      assert.equal(intact.code, 0, intact.stderr);
      assert.equal(intact.stdout, `audit chain intact: default 4 rows (last hash ${rows[3]?.hash.slice(0, 12)}…)\n`);
      assert.equal(intact.stderr, '');
    });

    it('fails with one line for an unknown project', async () => {
      const result = await runCli(['audit', 'verify', '--project', 'nope'], database.env);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, 'switchboard: No project "nope" exists and no audit entry names it. (project_not_found)\n');
    });

    it('names the seq and row of an entry changed behind the triggers, and exits 1', async () => {
      await changeActor(database, rows[1]?.id ?? '');
      const broken = await runCli(['audit', 'verify'], database.env);
      assert.equal(broken.code, 1, broken.stderr);
      assert.equal(broken.stderr, `switchboard: audit chain broken in project default at seq 2 (row ${rows[1]?.id}): hash mismatch — the row was changed after it was written (audit_tampered)\n`);

      const json = await runCli(['audit', 'verify', '--json', '--project', 'default'], database.env);
      assert.equal(json.code, 1);
      const result = JSON.parse(json.stdout) as AuditVerification;
      assert.deepEqual(result.ok ? null : [result.firstProblem.seq, result.firstProblem.problem, result.projects[0]?.rows], [2, 'hash_mismatch', 4]);
    });
  });
}

/** Two audit rows per task (created, claimed), written by the app itself; returns the chain in order. */
async function writeAuditRows(database: TestDatabase, tasks: number) {
  const sb = await createSwitchboard({ store: database.target, cacheDir: sharedCacheDir, config: inProcessDemoConfig() });
  try {
    for (let i = 0; i < tasks; i++) {
      const task = await sb.tasks.create('default', { type: 'review', title: `Review ${i + 1}`, reason: 'Check the reply', createdBy: 'system:test' });
      await sb.tasks.claim('default', task.id, 'bob');
    }
    return await sb.db.kysely.selectFrom('audit_log').select(['id', 'seq', 'hash']).orderBy('seq').execute();
  } finally {
    await sb.close();
  }
}

/** As someone with the owner's rights would: drop the triggers, then edit the row. */
async function changeActor(database: TestDatabase, id: string): Promise<void> {
  const db = openDatabase(database.target);
  try {
    await appendOnlyMigration.down?.(db.kysely);
    await db.kysely.updateTable('audit_log').set({ actor: 'mallory' }).where('id', '=', id).execute();
  } finally {
    await db.close();
  }
}
