// The start-up rehearsal drives a whole run (a message, a pause for approval, the decision, a gated
// tool call, the end) on the real store and leaves nothing behind: every table holds what it held,
// the audit chain still verifies, and the next real run numbers its ticket as if none had run. A
// rehearsal that fails is rolled back too, and does not stop the process from opening.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createSwitchboard, type Switchboard } from '../../src/app/switchboard.ts';
import type { Logger } from '../../src/domain/logger.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { sharedCacheDir } from '../support/cli-process.ts';
import { inProcessDemoConfig } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { refuseInserts } from '../support/refused-inserts.ts';
import { switchboardForTest, testSwitchboard } from '../support/switchboard.ts';

const projectId = 'default';

/** Rows in every table of the store, by table. */
async function tableCounts(sb: Switchboard): Promise<Record<string, number>> {
  const tables = [...new Set((await sb.db.kysely.introspection.getTables()).filter((table) => !table.isView).map((table) => table.name))].sort();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(sb.db.kysely);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

async function refundTicketNumber(sb: Switchboard): Promise<string> {
  const chat = await sb.chat.postMessage({ projectId, message: 'I was charged twice for order 1001, please refund $42.50' });
  assert.equal(chat.status, 'PAUSED_FOR_APPROVAL');
  const ticket = await sb.tickets.find(projectId, chat.thread_id);
  assert.ok(ticket);
  return ticket.number;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`start-up rehearsal (${dialect})`, () => {
    it('drives its run to the end and leaves every table as it was', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const first = await refundTicketNumber(sb);
      const before = await tableCounts(sb);
      assert.ok((before['runs'] ?? 0) > 0 && (before['audit_log'] ?? 0) > 0, 'the store holds a run and audit entries to compare');

      await sb.rehearse();

      assert.deepEqual(await tableCounts(sb), before);
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
      // The ticket counter and the audit head were not moved either: the next refund follows on.
      const second = await refundTicketNumber(sb);
      assert.equal(Number(second.replace(/\D/g, '')), Number(first.replace(/\D/g, '')) + 1);
      assert.equal((await verifyAuditChain(sb.db)).ok, true);
    });

    it('a failed rehearsal is rolled back and reported; opening with one still succeeds', async (t) => {
      const env = await testSwitchboard(dialect);
      t.after(() => env.close());
      await refundTicketNumber(env.sb);
      await refuseInserts(env.sb, dialect, 'tool_calls');
      const before = await tableCounts(env.sb);

      await assert.rejects(env.sb.rehearse());
      assert.deepEqual(await tableCounts(env.sb), before);

      const warnings: string[] = [];
      const logger: Logger = { info: () => undefined, error: () => undefined, warn: (_obj, msg) => void warnings.push(msg ?? '') };
      const second = await createSwitchboard({ store: env.database.target, cacheDir: sharedCacheDir, config: inProcessDemoConfig(), logger, rehearse: true });
      try {
        assert.deepEqual(warnings, ['start-up rehearsal failed']);
        assert.deepEqual(await tableCounts(second), before);
      } finally {
        await second.close();
      }
    });

    it('opening with a rehearsal logs nothing and serves the next run', async (t) => {
      const warnings: string[] = [];
      const logger: Logger = { info: () => undefined, error: () => undefined, warn: (_obj, msg) => void warnings.push(msg ?? '') };
      const sb = await switchboardForTest(t, dialect, { logger, rehearse: true });
      assert.deepEqual(warnings, []);
      await refundTicketNumber(sb);
    });
  });
}
