// Mail through the outbox: the email sink against a real SMTP server in another process, with and
// without a login, and the log mailer the demo uses when no server is configured.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { EmailConfig } from '../../src/config/config-schema.ts';
import { ManualClock, isoAt } from '../../src/domain/clock.ts';
import { isSwitchboardError, type ErrorCode } from '../../src/domain/errors.ts';
import { createIdGenerator } from '../../src/domain/ids.ts';
import type { Logger } from '../../src/domain/logger.ts';
import { silentLogger } from '../../src/domain/logger.ts';
import { enqueueOutbox, type OutboxDelivery, type OutboxTopic } from '../../src/engine/outbox.ts';
import { OutboxDispatcher } from '../../src/engine/outbox-dispatcher.ts';
import { emailSink, messageIdFor } from '../../src/notify/email/email-sink.ts';
import { createMailer, type Mailer } from '../../src/notify/email/mailer.ts';
import { openDatabase, type Db } from '../../src/store/connect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../support/dialects.ts';
import { startSmtpServer, type SmtpServerProcess } from '../support/smtp-server-process.ts';

const from = 'Switchboard <switchboard@example.com>';
const signInCode = { to: 'ann@example.com', subject: 'Your sign-in code', text: 'Your code is 482913.' };
const refusedRecipient = 'nobody@example.com';
const login = { SMTP_USER: 'switchboard', SMTP_PASSWORD: 'correct horse battery staple' };
const loginFromEnv = { user: '${SMTP_USER}', password: '${SMTP_PASSWORD}' };
const dialects = await dialectsUnderTest();

function outboxMessage(dedupeKey: string, payload: Record<string, unknown> = signInCode, topic: OutboxTopic = 'email.send'): OutboxDelivery {
  return { id: `obx_${dedupeKey}`, deliveryId: `dlv_${dedupeKey}`, destination: 'email', attempt: 1, projectId: 'default', topic, dedupeKey, payload, attempts: 0, createdAt: '2026-01-01T00:00:00.000Z' };
}

function smtpConfig(port: number, credentials: { user?: string; password?: string } = {}): EmailConfig {
  return { from, smtp: { host: '127.0.0.1', port, secure: false, timeout_ms: 5_000, ...credentials } };
}

/** A mailer closed when the test ends. */
function mailerFor(t: TestContext, config: EmailConfig, env: NodeJS.ProcessEnv = {}, logger: Logger = silentLogger): Mailer {
  const mailer = createMailer(config, { env, logger });
  t.after(() => mailer.close());
  return mailer;
}

function capturingLogger(): Logger & { lines: { entry: object; msg: string | undefined }[] } {
  const lines: { entry: object; msg: string | undefined }[] = [];
  const capture = (entry: object, msg?: string) => void lines.push({ entry, msg });
  return { lines, info: capture, warn: capture, error: capture };
}

function failsWith(code: ErrorCode, pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isSwitchboardError(error), `a SwitchboardError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('email through the outbox', () => {
  let server: SmtpServerProcess;
  before(async () => {
    server = await startSmtpServer({ SMTP_REJECT_RCPT: refusedRecipient });
  });
  after(() => server.stop());

  describe('to an SMTP server without a login', () => {
    it('sends an email.send message from the configured sender to its recipient', async (t) => {
      const sink = emailSink(mailerFor(t, smtpConfig(server.port)));
      const html = '<p>Your code is <b>482913</b>.</p>';
      await sink.deliver(outboxMessage('email.send:sign-in:1', { ...signInCode, html }));

      const mail = await server.nextMail();
      assert.deepEqual(mail.from, { name: 'Switchboard', address: 'switchboard@example.com' });
      assert.deepEqual(mail.to, [{ name: '', address: 'ann@example.com' }]);
      assert.deepEqual(mail.envelope, { from: 'switchboard@example.com', to: ['ann@example.com'] });
      assert.equal(mail.subject, signInCode.subject);
      assert.equal(mail.text?.trim(), signInCode.text);
      assert.equal(mail.html?.trim(), html);
      assert.equal(mail.messageId, messageIdFor('email.send:sign-in:1'));
      assert.match(mail.messageId ?? '', /^<[0-9a-f]{32}@switchboard>$/);
    });

    it('gives a redelivered message the same Message-ID and another message its own', async (t) => {
      const sink = emailSink(mailerFor(t, smtpConfig(server.port)));
      await sink.deliver(outboxMessage('email.send:sign-in:2'));
      await sink.deliver({ ...outboxMessage('email.send:sign-in:2'), attempts: 1 });
      await sink.deliver(outboxMessage('email.send:sign-in:3'));

      const ids = [await server.nextMail(), await server.nextMail(), await server.nextMail()].map((mail) => mail.messageId);
      assert.equal(ids[0], ids[1], 'the redelivery is recognisably the same mail');
      assert.notEqual(ids[0], ids[2]);
    });

    it('rejects the delivery of a mail whose recipient the server refuses, and nothing arrives', async (t) => {
      const sink = emailSink(mailerFor(t, smtpConfig(server.port)));
      await assert.rejects(sink.deliver(outboxMessage('email.send:refused', { ...signInCode, to: refusedRecipient })), failsWith('invalid_request', /550/));

      // The server prints mails in order: the next one is the later mail, not the refused one.
      await sink.deliver(outboxMessage('email.send:after-refused', { ...signInCode, subject: 'After the refusal' }));
      assert.equal((await server.nextMail()).subject, 'After the refusal');
    });
  });

  describe('to an SMTP server that requires a login', () => {
    let guarded: SmtpServerProcess;
    before(async () => {
      guarded = await startSmtpServer(login);
    });
    after(() => guarded.stop());

    it('logs in with the credentials that ${NAME} placeholders take from the environment', async (t) => {
      const sink = emailSink(mailerFor(t, smtpConfig(guarded.port, loginFromEnv), login));
      await sink.deliver(outboxMessage('email.send:login:1'));
      assert.equal((await guarded.nextMail()).subject, signInCode.subject);
    });

    it('rejects the delivery when the server refuses the credentials, and nothing arrives', async (t) => {
      const wrong = emailSink(mailerFor(t, smtpConfig(guarded.port, loginFromEnv), { ...login, SMTP_PASSWORD: 'wrong' }));
      await assert.rejects(wrong.deliver(outboxMessage('email.send:login:wrong')), failsWith('invalid_config', /535/));
      const anonymous = emailSink(mailerFor(t, smtpConfig(guarded.port)));
      await assert.rejects(anonymous.deliver(outboxMessage('email.send:login:none')), failsWith('invalid_config', /530/));

      const right = emailSink(mailerFor(t, smtpConfig(guarded.port, loginFromEnv), login));
      await right.deliver(outboxMessage('email.send:login:right', { ...signInCode, subject: 'After the refusals' }));
      assert.equal((await guarded.nextMail()).subject, 'After the refusals');
    });
  });

  describe('configuration', () => {
    it('refuses a password placeholder whose environment variable is not set, naming both', () => {
      const config = smtpConfig(25, loginFromEnv);
      assert.throws(() => createMailer(config, { env: { SMTP_USER: 'switchboard' }, logger: silentLogger }), failsWith('invalid_config', /SMTP_PASSWORD.*email\.smtp\.password/));
    });
  });

  describe('without an SMTP server', () => {
    it('writes the mail to the log, so someone trying the demo can read the code', async () => {
      const logger = capturingLogger();
      await emailSink(createMailer({ from }, { logger })).deliver(outboxMessage('email.send:log:1'));
      assert.deepEqual(logger.lines, [{ entry: { event: 'email', ...signInCode }, msg: 'email (no SMTP server configured, written to the log)' }]);
    });

    it('asks the dispatcher for email.send messages only', () => {
      assert.deepEqual(emailSink(createMailer({ from }, { logger: silentLogger })).topics, ['email.send']);
    });

    it('refuses a malformed email.send payload with an error no retry can fix', async () => {
      const sink = emailSink(createMailer({ from }, { logger: silentLogger }));
      const malformed = outboxMessage('email.send:malformed', { to: 'not an address', text: 42 });
      await assert.rejects(sink.deliver(malformed), (error) => {
        failsWith('invalid_request', /email\.send:malformed.*to: .*subject: .*text: /)(error);
        return isSwitchboardError(error) && !error.retryable;
      });
    });
  });

  for (const dialect of dialects) {
    describe(`in the outbox dispatcher (${dialect})`, () => {
      let database: TestDatabase;
      let db: Db;
      before(async () => {
        database = await createTestDatabase(dialect);
        db = openDatabase(database.target);
        await migrateToLatest(db);
      });
      after(async () => {
        await db.close();
        await database.drop();
      });

      it('sends an email.send row as a mail and marks it delivered', async (t) => {
        const clock = new ManualClock();
        const dedupeKey = `email.send:dispatch:${dialect}`;
        await enqueueOutbox(db.kysely, createIdGenerator(), clock, { projectId: 'default', topic: 'email.send', dedupeKey, payload: signInCode });
        const dispatcher = new OutboxDispatcher({ db, clock, workerId: 'dispatcher-1', ids: createIdGenerator(), sinks: [emailSink(mailerFor(t, smtpConfig(server.port)))] });

        assert.equal(await dispatcher.dispatchBatch(), 2, 'one event fanned out, one delivery made');
        const mail = await server.nextMail();
        assert.deepEqual({ to: mail.envelope.to, subject: mail.subject, messageId: mail.messageId }, { to: [signInCode.to], subject: signInCode.subject, messageId: messageIdFor(dedupeKey) });
        const row = await db.kysely
          .selectFrom('outbox_deliveries as d')
          .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
          .select(['d.destination', 'd.status', 'd.attempts', 'd.delivered_at', 'd.last_error'])
          .where('o.dedupe_key', '=', dedupeKey)
          .executeTakeFirstOrThrow();
        assert.deepEqual({ ...row }, { destination: 'email', status: 'delivered', attempts: 1, delivered_at: isoAt(clock), last_error: null });
      });
    });
  }
});
