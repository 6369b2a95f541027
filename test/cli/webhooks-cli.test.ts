// Operators see the configured webhook endpoints, turn one back on after a 410 Gone switched it off,
// and make signing secrets, from the command line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ManualClock } from '../../src/domain/clock.ts';
import { secretKey } from '../../src/notify/webhooks/standard-webhooks.ts';
import { switchOff } from '../../src/notify/webhooks/webhook-endpoints.ts';
import { openDatabase } from '../../src/store/connect.ts';
import type { TestDatabase } from '../support/dialects.ts';
import { inProcessDemoConfigFile } from '../support/demo-config.ts';
import { runCli } from '../support/cli-process.ts';
import { onFreshDatabase } from '../support/fresh-database.ts';

function configWithWebhooks(): string {
  const document = parseDocument(readFileSync(inProcessDemoConfigFile(), 'utf8'));
  document.set('webhooks', [
    { name: 'billing', url: 'https://billing.example.com/hooks', secret: '${BILLING_WEBHOOK_SECRET}', events: ['task.created', 'task.resolved'] },
    { name: 'crm', url: 'https://crm.example.com/in', secret: '${CRM_WEBHOOK_SECRET}' },
  ]);
  const path = join(mkdtempSync(join(tmpdir(), 'switchboard-webhooks-')), 'switchboard.yaml');
  writeFileSync(path, document.toString());
  return path;
}

async function switchedOff(database: TestDatabase, name: string, at: string): Promise<void> {
  const db = openDatabase(database.target);
  try {
    await switchOff({ db, clock: new ManualClock(at) }, name, 'the receiver answered 410 Gone to event evt_1 (task.created)');
  } finally {
    await db.close();
  }
}

describe('switchboard webhooks', () => {
  it('prints a fresh Standard Webhooks secret each time', async () => {
    const [first, second] = [await runCli(['webhooks', 'secret'], {}), await runCli(['webhooks', 'secret'], {})];
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^whsec_[A-Za-z0-9+/]{43}=\n$/);
    assert.equal(secretKey(first.stdout.trim()).length, 32);
    assert.notEqual(first.stdout, second.stdout);
  });

  it('lists the endpoints, shows one a 410 switched off with its reason, and turns it back on', () =>
    onFreshDatabase('sqlite', async (database) => {
      const env = { ...database.env, SWITCHBOARD_CONFIG: configWithWebhooks() };
      const listed = await runCli(['webhooks', 'list'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(listed.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/)), [
        ['NAME', 'URL', 'EVENTS', 'STATE'],
        ['billing', 'https://billing.example.com/hooks', 'task.created,task.resolved', 'enabled'],
        ['crm', 'https://crm.example.com/in', 'ticket.created,run.paused,task.created,task.resolved,run.completed', 'enabled'],
      ]);

      await switchedOff(database, 'billing', '2026-03-04T05:06:07.000Z');
      const off = await runCli(['webhooks', 'list'], env);
      assert.match(off.stdout, /^billing\s+\S+\s+\S+\s+disabled since 2026-03-04 05:06: the receiver answered 410 Gone to event evt_1 \(task\.created\)$/m);
      assert.match(off.stdout, /^crm\s+.*\senabled$/m);

      const enabled = await runCli(['webhooks', 'enable', 'billing'], env);
      assert.equal(enabled.code, 0, enabled.stderr);
      assert.equal(enabled.stdout, 'Webhook "billing" is on again; events from now on are sent to it.\n');
      const json = JSON.parse((await runCli(['webhooks', 'list', '--json'], env)).stdout) as { name: string; enabled: boolean; disabled_at: string | null }[];
      assert.deepEqual(json.map(({ name, enabled: on, disabled_at }) => ({ name, on, disabled_at })), [
        { name: 'billing', on: true, disabled_at: null },
        { name: 'crm', on: true, disabled_at: null },
      ]);
      assert.equal((await runCli(['webhooks', 'enable', 'billing'], env)).stdout, 'Webhook "billing" was on already.\n');
    }));

  it('refuses to enable an endpoint the configuration does not name, with one line and a stable code', () =>
    onFreshDatabase('sqlite', async (database) => {
      const result = await runCli(['webhooks', 'enable', 'payroll'], { ...database.env, SWITCHBOARD_CONFIG: configWithWebhooks() });
      assert.equal(result.code, 1);
      assert.equal(result.stderr, 'switchboard: No webhook "payroll" is configured; "switchboard webhooks list" shows the configured ones. (not_found)\n');
    }));

  it('says so when no webhooks are configured', () =>
    onFreshDatabase('sqlite', async (database) => {
      const result = await runCli(['webhooks', 'list'], database.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^No webhooks are configured; add them under webhooks: in .+switchboard\.yaml\.\n$/);
    }));
});
