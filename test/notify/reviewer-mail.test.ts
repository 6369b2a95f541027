// Reviewers told of a new approval by mail, end to end: a real SMTP server process receives the mail,
// the test reads it as a mail client would and follows its one-click links through the HTTP app.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import { createUser } from '../../src/auth/users.ts';
import { parseConfig, demoConfigPath, type LoadedConfig } from '../../src/config/load-config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Role } from '../../src/domain/roles.ts';
import { demoTextWithoutMcp } from '../support/demo-config.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { startSmtpServer, type ParsedMail, type SmtpServerProcess } from '../support/smtp-server-process.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const projectId = 'default';
const publicUrl = 'https://support.acme.test';
const reviewer = 'rita@acme.test';
const outsider = 'olaf@acme.test';

function mailConfig(smtpPort: number, extra: Record<string, unknown> = {}): LoadedConfig {
  const document = parseDocument(demoTextWithoutMcp());
  document.set('email', { from: 'Acme Support <support@acme.test>', smtp: { host: '127.0.0.1', port: smtpPort, timeout_ms: 5_000 } });
  document.set('notifications', { email: { to: [reviewer, outsider] }, link_ttl_minutes: 60 });
  document.setIn(['project', 'name'], 'Acme Support');
  document.setIn(['project', 'bot_name'], 'Acmebot');
  for (const [key, value] of Object.entries(extra)) document.set(key, value);
  return parseConfig(document.toString(), { source: 'reviewer-mail-test.yaml', baseDir: dirname(demoConfigPath) });
}

function links(mail: ParsedMail): { approve: string; reject: string } {
  const approve = /^Approve: (\S+)$/m.exec(mail.text ?? '')?.[1];
  const reject = /^Reject: +(\S+)$/m.exec(mail.text ?? '')?.[1];
  assert.ok(approve && reject, `the mail has both links:\n${mail.text}`);
  return { approve, reject };
}

async function follow(sb: Switchboard, link: string, form?: Record<string, string>): Promise<{ status: number; page: string }> {
  const url = new URL(link);
  assert.equal(url.origin, publicUrl, 'links point at the public address');
  const response = await createHttpApp(sb).request(url.pathname, form ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {});
  return { status: response.status, page: await response.text() };
}

async function drain(sb: Switchboard): Promise<void> {
  while ((await sb.worker.tick()) > 0);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`reviewer mail and one-click links (${dialect})`, () => {
    let smtp: SmtpServerProcess;
    before(async () => {
      smtp = await startSmtpServer();
    });
    after(() => smtp.stop());

    async function pausedRefund(t: TestContext, options: { role?: Role; extra?: Record<string, unknown>; clock?: ManualClock } = {}) {
      const sb = await switchboardForTest(t, dialect, { config: mailConfig(smtp.port, options.extra), publicUrl, ...(options.clock ? { clock: options.clock } : {}) });
      await createUser(sb.identity, { email: reviewer, role: options.role ?? 'reviewer', projectId, password: 'a long enough password' });
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50 for order ORD-1001, it arrived broken', customerEmail: 'carla@example.com' });
      assert.ok(paused.task_id, 'the refund waits for a reviewer');
      await drain(sb);
      const mails = [await smtp.nextMail(), await smtp.nextMail()];
      const byRecipient = new Map(mails.map((mail) => [mail.envelope.to[0], mail]));
      return { sb, taskId: paused.task_id, runId: paused.run_id, mail: byRecipient.get(reviewer), outsiderMail: byRecipient.get(outsider) };
    }

    it('mails the reason, the conversation, the key variables, the time and links bound to the reviewer', async (t) => {
      const { sb, taskId, mail, outsiderMail } = await pausedRefund(t);
      assert.ok(mail && outsiderMail, 'both reviewers got a mail');
      const task = await sb.tasks.get(projectId, taskId);
      assert.equal(mail.subject, `[Acmebot] ${task.title}`);
      const text = mail.text ?? '';
      assert.match(text, /^Acmebot · Acme Support$/m);
      assert.ok(text.includes(task.reason), 'the interpolated reason');
      assert.match(text, /customer: I want a refund of \$42\.50 for order ORD-1001, it arrived broken/);
      assert.match(text, /order_id: ORD-1001/);
      assert.ok(text.includes(`Asked at ${task.created_at}`));
      assert.match(mail.html ?? '', />Approve</);
      links(mail);
      assert.doesNotMatch(outsiderMail.text ?? '', /Approve:/, 'someone who is not a user gets no links');
      assert.ok((outsiderMail.text ?? '').includes(`Open the task: ${publicUrl}/`));
    });

    it('shows a confirmation on GET without deciding; the POST approves, the run finishes, and a reused link shows the decision', async (t) => {
      const { sb, taskId, runId, mail } = await pausedRefund(t);
      assert.ok(mail);
      const { approve, reject } = links(mail);

      for (let scan = 0; scan < 2; scan++) {
        const looked = await follow(sb, approve);
        assert.equal(looked.status, 200);
        assert.match(looked.page, /Approve\?/);
        assert.match(looked.page, /<form method="post"/);
        assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending', 'looking changes nothing');
      }

      const acted = await follow(sb, approve, { reason: 'Photo of the damage checks out' });
      assert.equal(acted.status, 200);
      assert.match(acted.page, /<h1>Approved<\/h1>/);
      const decided = await sb.tasks.get(projectId, taskId);
      assert.deepEqual([decided.status, decided.decision, decided.responded_by, decided.notes], ['completed', 'approved', reviewer, 'Photo of the damage checks out']);
      assert.equal((await sb.engine.getRun(runId))?.status, 'completed', 'the run went on and finished');

      for (const link of [approve, reject]) {
        const again = await follow(sb, link, {});
        assert.equal(again.status, 200);
        assert.match(again.page, /Already decided/);
        assert.ok(again.page.includes(`Approved by ${reviewer}`), 'the page says who decided');
      }
      const refunds = await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute();
      assert.equal(refunds.length, 1, 'one refund, however often the link is used');
    });

    it('rejects with the reason the reviewer typed', async (t) => {
      const { sb, taskId, mail } = await pausedRefund(t);
      assert.ok(mail);
      const acted = await follow(sb, links(mail).reject, { reason: 'Outside the return window' });
      assert.match(acted.page, /<h1>Rejected<\/h1>/);
      const decided = await sb.tasks.get(projectId, taskId);
      assert.deepEqual([decided.decision, decided.notes], ['rejected', 'Outside the return window']);
      assert.equal((await sb.db.kysely.selectFrom('demo_refunds').selectAll().execute()).length, 0);
    });

    it('says so for a tampered link and an expired one, and decides nothing', async (t) => {
      const clock = new ManualClock();
      const { sb, taskId, mail } = await pausedRefund(t, { clock });
      assert.ok(mail);
      const { approve } = links(mail);
      const tampered = `${approve.slice(0, -3)}${approve.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      const forged = await follow(sb, tampered, {});
      assert.equal(forged.status, 404);
      assert.match(forged.page, /not valid/);

      clock.advance(61 * 60_000);
      const late = await follow(sb, approve, {});
      assert.equal(late.status, 410);
      assert.match(late.page, /expired/);
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending');
    });

    it('keeps role and approval limits: a reviewer above their limit is refused, audited, and the task stays open', async (t) => {
      const { sb, taskId, mail } = await pausedRefund(t, { extra: { approval_limits: { reviewer: 1_000 } } });
      assert.ok(mail);
      const refused = await follow(sb, links(mail).approve, {});
      assert.equal(refused.status, 403);
      assert.match(refused.page, /above the reviewer limit of \$10\.00/);
      assert.equal((await sb.tasks.get(projectId, taskId)).status, 'pending');
      const audit = await sb.db.kysely.selectFrom('audit_log').select(['action', 'actor', 'data']).where('action', '=', 'human_task.decision_refused').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actor, reviewer);
      assert.match(audit[0]?.data ?? '', /"via":"email-link"/);
    });

    it('refuses a link once the task changed after it was sent', async (t) => {
      const { sb, taskId, mail } = await pausedRefund(t);
      assert.ok(mail);
      await sb.tasks.assign(projectId, taskId, { assignedTo: 'someone-else@acme.test' }, 'lead@acme.test');
      const stale = await follow(sb, links(mail).approve, {});
      assert.equal(stale.status, 409);
      assert.match(stale.page, /changed after this link was sent/);
      assert.equal((await sb.tasks.get(projectId, taskId)).decision, null);
    });

    it('never blocks the run when the mail server is down: the task is open and the mail waits in the outbox', async (t) => {
      const sb = await switchboardForTest(t, dialect, { config: mailConfig(1), publicUrl });
      const paused = await sb.chat.postMessage({ projectId, message: 'I want a refund of $42.50' });
      await drain(sb);
      assert.equal((await sb.tasks.get(projectId, paused.task_id ?? '')).status, 'pending');
      assert.equal((await sb.engine.getRun(paused.run_id))?.status, 'waiting');
      const waiting = await sb.db.kysely.selectFrom('outbox_deliveries').select(['status', 'attempts', 'last_error']).where('destination', '=', 'email-reviewers').executeTakeFirstOrThrow();
      assert.deepEqual([waiting.status, waiting.attempts], ['pending', 1]);
      assert.match(waiting.last_error ?? '', /SMTP|ECONNREFUSED|connect/i);
    });
  });
}
