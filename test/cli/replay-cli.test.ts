// `switchboard replay` as an operator runs it: a separate process reading the recorded tickets, the
// report on stdout as a table, JSON or CSV, the totals on stderr when it is not a terminal, and one
// line with a stable code for bad input. The store's dialects are covered by test/replay/replay.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSwitchboard } from '../../src/app/switchboard.ts';
import type { ReplayReport } from '../../src/replay/replay.ts';
import { runCli, sharedCacheDir } from '../support/cli-process.ts';
import { inProcessDemoConfig } from '../support/demo-config.ts';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { changedConfigFile, recordTickets, refundsUpTo100, replayClock, type RecordedTickets } from '../replay/replay-fixture.ts';

describe('switchboard replay', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let tickets: RecordedTickets;
  let changed: string;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-replay-'));
  const range = ['--from', '2026-10-01', '--to', '2026-11-01'];

  before(async () => {
    database = await createTestDatabase('sqlite');
    const clock = replayClock();
    const sb = await createSwitchboard({ store: database.target, clock, cacheDir: sharedCacheDir, config: inProcessDemoConfig() });
    try {
      tickets = await recordTickets(sb, (ms) => clock.advance(ms));
    } finally {
      await sb.close();
    }
    changed = changedConfigFile(dir, refundsUpTo100);
  });
  after(() => database?.drop());

  it('prints a table of the tickets that differ and the totals', async () => {
    const result = await runCli(['replay', ...range, '--config', changed], database.env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^TICKET\s+CREATED\s+ROUTE\s+CATEGORY\s+GATE\s+AUTO-RESOLVED\s+ESCALATION\s+MODEL$/);
    assert.match(lines[1] ?? '', new RegExp(`^${tickets.largeRefund}\\s+2026-10-05 09:03\\s+issue_refund: needs approval → issue_refund: auto-approved\\s+no → yes`));
    assert.equal(lines.at(-1), 'Replayed 5 of 5 tickets: 1 differ (route 0, category 0, gate 1, auto-resolved 1, escalation 0); model needed for 0.');
    assert.equal(result.stderr, `${lines.at(-1)}\n`, 'no progress bar when stderr is not a terminal, only the totals');
  });

  it('prints the report as JSON and as CSV', async () => {
    const json = await runCli(['replay', ...range, '--config', changed, '--format', 'json'], database.env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as ReplayReport;
    assert.deepEqual([report.tickets, report.totals.gate, report.rows.map((row) => row.number)], [5, 1, [tickets.largeRefund]]);

    const csv = await runCli(['replay', ...range, '--config', changed, '--format', 'csv'], database.env);
    assert.equal(csv.code, 0, csv.stderr);
    const id = report.rows[0]?.ticket_id ?? '';
    assert.deepEqual(csv.stdout.trimEnd().split('\n'), [
      'ticket,ticket_id,created_at,dimension,recorded,replayed,model_needed',
      `${tickets.largeRefund},${id},2026-10-05T09:03:00.000Z,gate,issue_refund: needs approval,issue_refund: auto-approved,false`,
      `${tickets.largeRefund},${id},2026-10-05T09:03:00.000Z,auto_resolution,no,yes,false`,
    ]);
  });

  it('refuses bad dates, a range ending before it starts, an unknown project and a broken configuration with one line each', async () => {
    const badDate = await runCli(['replay', '--from', '2026-13-01', '--to', '2026-11-01', '--config', changed], database.env);
    assert.deepEqual([badDate.code, badDate.stderr], [2, 'switchboard: from must be a date as YYYY-MM-DD (or an ISO instant), not "2026-13-01". (invalid_request)\n']);
    const backwards = await runCli(['replay', '--from', '2026-11-01', '--to', '2026-10-01', '--config', changed], database.env);
    assert.deepEqual([backwards.code, backwards.stderr], [2, 'switchboard: to (2026-10-01) must be after from (2026-11-01); the range is from ≤ created < to. (invalid_request)\n']);
    const format = await runCli(['replay', ...range, '--config', changed, '--format', 'xml'], database.env);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /^switchboard: .*xml.* \(invalid_request\)\n$/);
    const project = await runCli(['replay', ...range, '--config', changed, '--project', 'nope'], database.env);
    assert.deepEqual([project.code, project.stderr], [1, 'switchboard: No project "nope". (project_not_found)\n']);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'version: 1\ntools:\n  issue_refund:\n    risk: huge\n');
    const invalid = await runCli(['replay', ...range, '--config', broken], database.env);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /^switchboard: .*broken\.yaml:4:11 tools\.issue_refund\.risk: .* \(invalid_config\)\n$/);
  });
});
