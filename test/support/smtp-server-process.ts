// Runs the test SMTP server (smtp-server-child.ts) as a child process and hands its mails to the test,
// parsed as a mail client would see them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import PostalMime, { type Email } from 'postal-mime';
import { ChildLines } from './child-lines.ts';

export interface ParsedMail extends Email {
  /** The SMTP envelope (MAIL FROM, RCPT TO), which may differ from the headers. */
  envelope: { from: string; to: string[] };
}

export interface SmtpServerProcess {
  readonly port: number;
  /** The next mail the server receives after those already taken; rejects at the deadline. */
  nextMail(timeoutMs?: number): Promise<ParsedMail>;
  /** The mails taken with nextMail so far, in the order they arrived. */
  mails(): ParsedMail[];
  stop(): Promise<void>;
}

interface MailLine {
  mail: string;
  from: string;
  to: string[];
}

const childEntry = fileURLToPath(new URL('./smtp-server-child.ts', import.meta.url));
const startTimeoutMs = 10_000;

/** `env` may set SMTP_USER and SMTP_PASSWORD (a login is required) and SMTP_REJECT_RCPT. */
export async function startSmtpServer(env: Record<string, string> = {}): Promise<SmtpServerProcess> {
  const child = spawn(process.execPath, [childEntry], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = new ChildLines(child);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await lines.exited;
  };
  try {
    const ready = await lines.waitFor(/^listening (\d+)$/, startTimeoutMs);
    return mailbox(Number(ready[1]), lines, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

function mailbox(port: number, lines: ChildLines, stop: () => Promise<void>): SmtpServerProcess {
  const taken: ParsedMail[] = [];
  let asked = 0;
  return {
    port,
    nextMail: async (timeoutMs = 10_000) => {
      const n = ++asked;
      const mail = await parseMailLine((await lines.waitFor(new RegExp(`^\\{"n":${n},`), timeoutMs)).input);
      taken[n - 1] = mail;
      return mail;
    },
    mails: () => taken.filter((mail) => mail !== undefined),
    stop,
  };
}

async function parseMailLine(line: string): Promise<ParsedMail> {
  const { mail, from, to } = JSON.parse(line) as MailLine;
  const parsed = await PostalMime.parse(Buffer.from(mail, 'base64'));
  return { ...parsed, envelope: { from, to } };
}
