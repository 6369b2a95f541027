// What-if replay against the real engine's records, on every database: the same configuration finds
// no difference; a changed rule, policy or trigger shows exactly the tickets it would change; and a
// replay writes no row and runs no tool.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Switchboard } from '../../src/app/switchboard.ts';
import type { LoadedConfig } from '../../src/config/load-config.ts';
import type { ReplayReport } from '../../src/replay/replay.ts';
import { runReplay } from '../../src/replay/run-replay.ts';
import type { Tool } from '../../src/tools/tool.ts';
import { ToolRegistry } from '../../src/tools/tool-registry.ts';
import { sharedCacheDir } from '../support/cli-process.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';
import { changedConfig, escalateFaqs, recordTickets, refundsToBilling, refundsUpTo100, replayClock, type RecordedTickets } from './replay-fixture.ts';

const october = { projectId: 'default', from: '2026-10-01', to: '2026-11-01' };

/** Each ticket's differences as `dimension: recorded → replayed`. */
function differencesByTicket(report: ReplayReport): Record<string, string[]> {
  return Object.fromEntries(report.rows.map((row) => [row.number, row.differences.map((d) => `${d.dimension}: ${d.recorded} → ${d.replayed}`)]));
}

for (const dialect of await dialectsUnderTest()) {
  describe(`what-if replay (${dialect})`, () => {
    let env: TestSwitchboard;
    let tickets: RecordedTickets;
    const executed: string[] = [];

    before(async () => {
      const clock = replayClock();
      env = await testSwitchboard(dialect, { clock });
      tickets = await recordTickets(env.sb, (ms) => clock.advance(ms));
    });
    after(() => env.close());

    /** The deployment's tools, each recording and refusing any execution. */
    function replayApp(sb: Switchboard) {
      const refusing = (tool: Tool): Tool => ({ ...tool, execute: () => { executed.push(tool.name); return Promise.reject(new Error(`${tool.name} ran during a replay`)); } });
      return { db: sb.db, tools: new ToolRegistry(sb.tools.list().map(refusing)), cacheDir: sharedCacheDir };
    }

    const replay = (config: LoadedConfig) => runReplay(replayApp(env.sb), { ...october, config });

    it('finds no difference when the configuration is the one the tickets ran with', async () => {
      const report = await replay(changedConfig().config);
      assert.equal(report.tickets, 5);
      assert.equal(report.replayed, 5);
      assert.deepEqual(report.rows, []);
      assert.deepEqual(report.totals, { route: 0, category: 0, gate: 0, auto_resolution: 0, escalation: 0, model_needed: 0 });
    });

    it('shows the refund tickets rerouted and recategorised by a new support rule, and no other', async () => {
      const report = await replay(changedConfig(refundsToBilling).config);
      assert.deepEqual(differencesByTicket(report), {
        [tickets.smallRefund]: ['route: human_gate → create_ticket', 'category: refund → billing', 'gate: issue_refund: auto-approved → none', 'auto_resolution: yes → no'],
        [tickets.largeRefund]: ['route: human_gate → create_ticket', 'category: refund → billing', 'gate: issue_refund: needs approval → none'],
      });
      assert.deepEqual(report.totals, { route: 2, category: 2, gate: 2, auto_resolution: 1, escalation: 0, model_needed: 0 });
      assert.equal(report.differing, 2);
    });

    it('shows the refund a higher auto-approval limit would have let through', async () => {
      const report = await replay(changedConfig(refundsUpTo100).config);
      assert.deepEqual(differencesByTicket(report), {
        [tickets.largeRefund]: ['gate: issue_refund: needs approval → issue_refund: auto-approved', 'auto_resolution: no → yes'],
      });
    });

    it('shows which tickets a new escalation trigger would have escalated', async () => {
      const report = await replay(changedConfig(escalateFaqs).config);
      assert.deepEqual(differencesByTicket(report), {
        [tickets.faq]: ['auto_resolution: yes → no', 'escalation: none → supervisor.triggers[0]'],
      });
    });

    it('writes no row and runs no tool', async () => {
      const before = await rowCounts(env.sb);
      executed.length = 0;
      await replay(changedConfig(refundsUpTo100).config);
      await replay(changedConfig(refundsToBilling).config);
      assert.deepEqual(await rowCounts(env.sb), before);
      assert.deepEqual(executed, []);
    });

    it('replays only the tickets created in the range', async () => {
      const report = await runReplay(replayApp(env.sb), { projectId: 'default', from: '2026-10-05', to: '2026-10-05T09:03:00Z', config: changedConfig().config });
      assert.equal(report.tickets, 2, 'the FAQ at 09:01 and the $20 refund at 09:02; 09:03 is excluded');
    });

    it('skips a ticket whose run retention compacted, and says why', async () => {
      const faq = await env.sb.db.kysely.selectFrom('tickets').select('id').where('number', '=', Number(tickets.faq.slice('TKT-'.length))).executeTakeFirstOrThrow();
      await env.sb.db.kysely.updateTable('runs').set({ compacted_at: '2026-11-20T03:00:00.000Z' }).where('ticket_id', '=', faq.id).execute();
      try {
        const report = await replay(changedConfig(escalateFaqs).config);
        assert.deepEqual(report.rows, [], 'the FAQ ticket is not compared against what compaction dropped');
        assert.equal(report.replayed, 4);
        assert.deepEqual(
          report.skipped.map((s) => [s.number, s.reason]),
          [[tickets.faq, 'its run was compacted on 2026-11-20 (retention), so the recorded decisions are gone']],
        );
      } finally {
        await env.sb.db.kysely.updateTable('runs').set({ compacted_at: null }).where('ticket_id', '=', faq.id).execute();
      }
    });

    it('refuses an unknown project, impossible dates and a range that ends before it starts', async () => {
      const config = changedConfig().config;
      await assert.rejects(runReplay(replayApp(env.sb), { ...october, projectId: 'nope', config }), { code: 'project_not_found' });
      await assert.rejects(runReplay(replayApp(env.sb), { ...october, from: '2026-02-30', config }), { code: 'invalid_request', message: /from must be a date/ });
      await assert.rejects(runReplay(replayApp(env.sb), { ...october, from: '2026-11-01', to: '2026-10-01', config }), { code: 'invalid_request', message: /must be after/ });
    });
  });
}

/** Rows in every table of the store. */
async function rowCounts(sb: Switchboard): Promise<Record<string, number>> {
  const tables = await sb.db.kysely.introspection.getTables();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await sb.db.kysely.selectFrom(table.name as 'tickets').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    counts[table.name] = Number(row.count);
  }
  return counts;
}
