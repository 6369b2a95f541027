// The configuration view: rules, triggers, tools with their policies, limits, SLA and channels as
// configured, for viewers and admins alike, and never a secret — neither expanded nor as written.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { demoConfigPath, parseConfig, type LoadedConfig } from '../../src/config/load-config.ts';
import type { ConfigView } from '../../src/app/config-view.ts';
import { apiApp } from '../support/api-app.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

/** Values that must never appear in the answer: from the environment, and written in the file itself. */
const secrets = {
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  SLACK_BOT_TOKEN: 'xoxb-123456789012-abcdefghijklmnopqrstuvwx',
  WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  SMTP_PASSWORD: 'smtp-password-from-env-93c1',
  PAY_TOKEN: 'pay-token-from-env-77d2',
};
const written = {
  telegramToken: '123456:telegram-token-written-in-the-file',
  telegramSecret: 'telegram-secret-token-written-in-the-file',
  smtpUser: 'smtp-user-written-in-the-file',
  webhookQuery: 'querytoken5f1e',
  webhookPassword: 'urlpassword9a7c',
};

function configWithSecrets(): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('notifications', {
    slack: { bot_token: '${SLACK_BOT_TOKEN}', channel: 'C0REVIEW', signing_secret: '${SLACK_SIGNING_SECRET}', users: { U1: 'rita@example.com' } },
    telegram: { bot_token: written.telegramToken, chat_id: -100123, secret_token: written.telegramSecret },
  });
  document.set('webhooks', [{ name: 'crm', url: `https://hook:${written.webhookPassword}@crm.example.com/switchboard/events?token=${written.webhookQuery}`, secret: '${WEBHOOK_SECRET}', events: ['task.created', 'task.resolved'] }]);
  document.set('email', { from: 'Support <support@example.com>', smtp: { host: 'smtp.example.com', port: 587, user: written.smtpUser, password: '${SMTP_PASSWORD}' } });
  document.set('http_tools', { charge_card: { description: 'Charge a card', risk: 'money', method: 'POST', url: 'https://pay.example.com/charges', headers: { Authorization: 'Bearer ${PAY_TOKEN}' } } });
  document.setIn(['tools', 'charge_card'], { risk: 'money', approval: 'args.amount_cents > 1000', approval_chains: [{ when: 'args.amount_cents > 100000', steps: [{ name: 'manager', assign_team: 'managers' }, { name: 'vp', assign_to: 'vp@example.com' }] }] });
  document.set('approval_limits', { reviewer: 50_000 });
  document.set('inbox', { sla_minutes: { critical: 15, high: 60 }, escalation_chain: [{ assign_team: 'team_leads', due_in_minutes: 30 }], on_expiry: 'auto_deny' });
  document.set('escalation', {
    agent: { triggers: [{ WHEN: 'user.frustration_detected == true', REASON: 'User showing signs of frustration', PRIORITY: 'high', TAGS: ['sentiment'] }], on_human_complete: ['CONTINUE'] },
    on_error: { tool_error: { RESPOND: 'One moment please.', RETRY: 2, THEN: 'handoff Live_Agent' } },
  });
  return parseConfig(document.toString(), { source: 'config-view-test.yaml', baseDir: dirname(demoConfigPath) });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`the configuration view (${dialect})`, () => {
    let env: TestSwitchboard;
    const saved = { SMTP_PASSWORD: process.env['SMTP_PASSWORD'], PAY_TOKEN: process.env['PAY_TOKEN'] };

    before(async () => {
      // The mailer and HTTP tools fill their `${NAME}`s from the process environment.
      process.env['SMTP_PASSWORD'] = secrets.SMTP_PASSWORD;
      process.env['PAY_TOKEN'] = secrets.PAY_TOKEN;
      env = await testSwitchboard(dialect, { config: configWithSecrets(), env: { ...process.env, ...secrets } });
    });
    after(async () => {
      await env.close();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    async function fetchAs(role: 'viewer' | 'admin'): Promise<{ status: number; text: string }> {
      const app = await apiApp(env.sb, { role, keyName: `config-${role}` });
      const response = await app.request('/api/projects/default/config');
      return { status: response.status, text: await response.text() };
    }

    it('never returns a secret, expanded or as written, nor a ${NAME} placeholder', async () => {
      const { status, text } = await fetchAs('viewer');
      assert.equal(status, 200);
      for (const value of [...Object.values(secrets), ...Object.values(written), secrets.WEBHOOK_SECRET.slice(6)]) assert.ok(!text.includes(value), `the answer leaks ${value.slice(0, 12)}…`);
      assert.ok(!text.includes('${'), 'no placeholder is returned either');
    });

    it('names the variables each secret-bearing setting is filled from', async () => {
      const view = JSON.parse((await fetchAs('viewer')).text) as ConfigView;
      const channel = (name: string) => view.notifications.channels.find((c) => c.name === name);
      assert.deepEqual(channel('slack'), { name: 'slack', configured: true, target: 'C0REVIEW', linked_users: 1, secrets: [{ setting: 'bot_token', env: ['SLACK_BOT_TOKEN'] }, { setting: 'signing_secret', env: ['SLACK_SIGNING_SECRET'] }] });
      assert.deepEqual(channel('telegram'), { name: 'telegram', configured: true, target: '-100123', linked_users: 0, secrets: [{ setting: 'bot_token', env: [] }, { setting: 'secret_token', env: [] }] });
      assert.deepEqual(channel('discord'), { name: 'discord', configured: false, target: null, linked_users: 0, secrets: [] });
      assert.deepEqual(channel('email'), { name: 'email', configured: false, target: null, linked_users: 0, secrets: [] });
      assert.deepEqual(view.notifications.mail, { from: 'Support <support@example.com>', transport: 'smtp', smtp: { host: 'smtp.example.com', port: 587, secure: false }, secrets: [{ setting: 'smtp.user', env: [] }, { setting: 'smtp.password', env: ['SMTP_PASSWORD'] }] });
      assert.deepEqual(view.webhooks, [{ name: 'crm', url: 'https://crm.example.com/switchboard/events', events: ['task.created', 'task.resolved'], enabled: true, disabled_at: null }]);
    });

    it('shows tools with their risk tier, source and approval policy', async () => {
      const view = JSON.parse((await fetchAs('viewer')).text) as ConfigView;
      const tool = (name: string) => view.tools.find((t) => t.name === name);
      assert.deepEqual(tool('issue_refund'), { name: 'issue_refund', description: tool('issue_refund')?.description, source: 'built-in', risk: 'money', approval: 'args.amount_cents + run.money_out_cents > 2500', condition: 'args.amount_cents + run.money_out_cents > 2500', approval_chains: [] });
      assert.equal(tool('lookup_order')?.approval, 'never');
      assert.equal(tool('lookup_order')?.condition, null);
      assert.deepEqual(tool('charge_card'), {
        name: 'charge_card',
        description: 'Charge a card',
        source: 'http',
        risk: 'money',
        approval: 'args.amount_cents > 1000',
        condition: 'args.amount_cents > 1000',
        approval_chains: [{ when: 'args.amount_cents > 100000', steps: [{ name: 'manager', assign_team: 'managers' }, { name: 'vp', assign_to: 'vp@example.com' }] }],
      });
    });

    it('shows rules, triggers, limits per role and the inbox SLA', async () => {
      const view = JSON.parse((await fetchAs('viewer')).text) as ConfigView;
      assert.deepEqual(view.support_rules.map((rule) => [rule.id, rule.route]), [[63, 'download_link'], [71, 'ticket'], [80, 'refund']]);
      assert.equal(view.support_rules[2]?.condition, 'user.frustration_detected AND intent.label == "refund"');
      assert.deepEqual(view.escalation.triggers, [{ level: 'agent', when: 'user.frustration_detected == true', reason: 'User showing signs of frustration', priority: 'high', tags: ['sentiment'], context_for_human: [], on_human_complete: [{ when: null, action: { kind: 'continue' } }] }]);
      assert.deepEqual(view.escalation.on_error, [{ kind: 'tool_error', respond: 'One moment please.', retry: 2, then: 'handoff', handoff_to: 'Live_Agent' }]);
      assert.deepEqual(view.approval_limits, [{ role: 'viewer', max_cents: null }, { role: 'agent', max_cents: null }, { role: 'reviewer', max_cents: 50_000 }, { role: 'admin', max_cents: null }]);
      assert.deepEqual(view.inbox, { sla_minutes: { critical: 15, high: 60 }, escalation_chain: [{ assign_team: 'team_leads', raise_priority: true, due_in_minutes: 30 }], on_expiry: 'auto_deny' });
      assert.equal(view.default_workflow, 'support-triage');
      assert.equal(view.llm.online, false);
      assert.ok(view.intents.some((intent) => intent.name === 'faq_shipping' && intent.route === 'faq' && intent.answer !== null));
    });

    it('shows admins exactly what viewers see', async () => {
      const [viewer, admin] = [await fetchAs('viewer'), await fetchAs('admin')];
      assert.equal(admin.status, 200);
      assert.deepEqual(JSON.parse(admin.text), JSON.parse(viewer.text));
    });
  });
}
