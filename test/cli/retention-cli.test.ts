// `switchboard retention run` as an operator runs it: a separate process on the database. A dry run
// counts and changes nothing, a real run compacts once, and a malformed age is refused with one line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSwitchboard } from '../../src/app/switchboard.ts';
import type { RetentionReport } from '../../src/app/retention.ts';
import { openDatabase } from '../../src/store/connect.ts';
import { runCli, sharedCacheDir } from '../support/cli-process.ts';
import { inProcessDemoConfig } from '../support/demo-config.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`switchboard retention run (${dialect})`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let steps: number;

    before(async () => {
      database = await createTestDatabase(dialect);
      steps = await finishOneRefund(database);
    });
    after(() => database?.drop());

    it('a dry run counts the finished runs it would compact and changes nothing', async () => {
      const dry = await runCli(['retention', 'run', '--older-than', '0d', '--dry-run'], database.env);
      assert.equal(dry.code, 0, dry.stderr);
      const lines = dry.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'Dry run: nothing changed.');
      assert.match(lines[1] ?? '', new RegExp(`^Runs finished before \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d: 1 run to compact \\(${steps} steps, 1 tool call\\)\\.$`));
      assert.match(lines[2] ?? '', /^Outbox events delivered before .*: 0 events to delete\.$/);
      assert.equal(await compactedRuns(database), 0);
    });

    it('keeps runs younger than the configured 90 days', async () => {
      // Before anything is compacted, so the zero is the age rule's and not left over from another run.
      const result = await runCli(['retention', 'run', '--dry-run', '--json'], database.env);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as RetentionReport).runs, 0);
    });

    it('compacts with --older-than, and a second run finds nothing left', async () => {
      const first = await runCli(['retention', 'run', '--older-than', '0d', '--json'], database.env);
      assert.equal(first.code, 0, first.stderr);
      const report = JSON.parse(first.stdout) as RetentionReport & { dry_run: boolean };
      assert.deepEqual([report.dry_run, report.runs, report.steps, report.tool_calls], [false, 1, steps, 1]);
      assert.ok(report.payload_chars_after < report.payload_chars_before);
      assert.equal(await compactedRuns(database), 1);

      const second = await runCli(['retention', 'run', '--older-than', '0d', '--json'], database.env);
      assert.equal((JSON.parse(second.stdout) as RetentionReport).runs, 0);
    });
  });
}

describe('switchboard retention run, refused input', () => {
  it('refuses an age that is not a number of days, with one line and exit 2', async () => {
    for (const age of ['90', '3w', '-1d']) {
      const result = await runCli(['retention', 'run', '--older-than', age], {});
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `switchboard: --older-than takes a number of days such as 90d, got "${age}". (invalid_request)\n`);
      assert.equal(result.stdout, '');
    }
  });

  it('does not create a database where none is', async () => {
    const result = await runCli(['retention', 'run', '--dry-run'], { SWITCHBOARD_DATA_DIR: '/nonexistent/switchboard-data' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'switchboard: No database at /nonexistent/switchboard-data/switchboard.db; point SWITCHBOARD_DATA_DIR (or DATABASE_URL) at the one the server uses. (invalid_config)\n');
  });
});

/** A refund approved and issued, written by the app itself; returns how many steps its run took. */
async function finishOneRefund(database: TestDatabase): Promise<number> {
  const sb = await createSwitchboard({ store: database.target, cacheDir: sharedCacheDir, config: inProcessDemoConfig() });
  try {
    const paused = await sb.chat.postMessage({ projectId: 'default', message: 'I want a refund of $42.50' });
    const done = await sb.chat.decide({ projectId: 'default', threadId: paused.thread_id, approval: true, respondedBy: 'alice' });
    const rows = await sb.db.kysely.selectFrom('steps').select('id').where('run_id', '=', done.run_id).execute();
    return rows.length;
  } finally {
    await sb.close();
  }
}

async function compactedRuns(database: TestDatabase): Promise<number> {
  const db = openDatabase(database.target);
  try {
    const rows = await db.kysely.selectFrom('runs').select('id').where('compacted_at', 'is not', null).execute();
    return rows.length;
  } finally {
    await db.close();
  }
}
