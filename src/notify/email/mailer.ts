// Sends Switchboard's mails: through the configured SMTP server, or, when none is configured, into
// the log, so that someone trying the demo can still read a one-time code.
// nodemailer is loaded on the first mail: a process that never sends one never pays for it.
import type { NodemailerError, SMTPTransportOptions, Transporter } from 'nodemailer';
import type { EmailConfig } from '../../config/config-schema.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import type { Logger } from '../../domain/logger.ts';
import { expandEnv } from '../../config/env-template.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** `<id@domain>`; a mail sent again with the same id is recognisably the same mail. */
  messageId?: string;
}

export interface Mailer {
  /** Resolves once the server has accepted the mail; rejects with a SwitchboardError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** Fills `${NAME}` placeholders in `email.smtp.user` and `email.smtp.password`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
}

type SmtpConfig = NonNullable<EmailConfig['smtp']>;

/** Throws invalid_config at once when a credential placeholder names an unset variable. */
export function createMailer(config: EmailConfig, options: MailerOptions): Mailer {
  return config.smtp ? smtpMailer(config.from, config.smtp, options.env ?? process.env) : logMailer(options.logger);
}

function logMailer(logger: Logger): Mailer {
  return {
    send: async ({ to, subject, text }) => logger.info({ event: 'email', to, subject, text }, 'email (no SMTP server configured, written to the log)'),
    close: () => undefined,
  };
}

function smtpMailer(from: string, smtp: SmtpConfig, env: NodeJS.ProcessEnv): Mailer {
  const options = transportOptions(smtp, env);
  let transport: Promise<Transporter> | undefined;
  const open = () => (transport ??= import('nodemailer').then(({ createTransport }) => createTransport(options, { from })));
  return {
    send: async ({ to, subject, text, html, messageId }) => {
      const sender = await open();
      try {
        await sender.sendMail({ to, subject, text, html, messageId });
      } catch (error) {
        throw sendFailure(error as NodemailerError, smtp, to);
      }
    },
    close: () => void transport?.then((sender) => sender.close()),
  };
}

function transportOptions(smtp: SmtpConfig, env: NodeJS.ProcessEnv): SMTPTransportOptions {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: credentials(smtp, env),
    connectionTimeout: smtp.timeout_ms,
    greetingTimeout: smtp.timeout_ms,
    socketTimeout: smtp.timeout_ms,
  };
}

function credentials(smtp: SmtpConfig, env: NodeJS.ProcessEnv): SMTPTransportOptions['auth'] {
  if (smtp.user === undefined) return undefined;
  const pass = smtp.password === undefined ? undefined : expandEnv(smtp.password, env, 'email.smtp.password');
  return { user: expandEnv(smtp.user, env, 'email.smtp.user'), pass };
}

/** A refused or missing login is a configuration problem; a permanent refusal will not pass on a retry either. */
function sendFailure(error: NodemailerError, smtp: SmtpConfig, to: string): SwitchboardError {
  const server = `${smtp.host}:${smtp.port}`;
  const details = { server, to, smtpCode: error.code, responseCode: error.responseCode };
  const options = { cause: error };
  if (isLoginFailure(error)) {
    return new SwitchboardError('invalid_config', `The SMTP server ${server} did not accept the login (${error.message}); check email.smtp.user and email.smtp.password.`, details, options);
  }
  const code = error.permanent === true ? 'invalid_request' : 'unavailable';
  return new SwitchboardError(code, `The SMTP server ${server} did not take the mail to ${to}: ${error.message}`, details, options);
}

/** 530: the server wants a login and none was configured. */
function isLoginFailure(error: NodemailerError): boolean {
  return error.code === 'EAUTH' || error.code === 'ENOAUTH' || error.responseCode === 530;
}
