// A real SMTP server in a process of its own, for the email tests: it prints `listening <port>` when
// ready and one JSON line per mail received, so tests synchronise on its output, never on sleeps.
//
// Environment: SMTP_USER and SMTP_PASSWORD (both set) require a login with exactly those;
// SMTP_REJECT_RCPT refuses that recipient with 550.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerAuthenticationResponse, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';

const user = process.env['SMTP_USER'];
const password = process.env['SMTP_PASSWORD'];
const rejectedRecipient = process.env['SMTP_REJECT_RCPT'];
const loginRequired = user !== undefined && password !== undefined;
let received = 0;

const server = new SMTPServer({
  authOptional: !loginRequired,
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onAuth: (auth, _session, callback) => authenticate(auth, callback),
  onRcptTo: ({ address }, _session, callback) => callback(address === rejectedRecipient ? smtpError(550, `${address}: no such mailbox`) : null),
  onData: (stream, session, callback) => receive(stream, session, callback),
});

function authenticate(auth: SMTPServerAuthentication, callback: (error: Error | null, response?: SMTPServerAuthenticationResponse) => void): void {
  const accepted = !loginRequired || (auth.username === user && auth.password === password);
  callback(accepted ? null : smtpError(535, 'Authentication failed'), accepted ? { user: auth.username } : undefined);
}

function receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    // `n` numbers the mails, so the parent can wait for the next one and not the first again.
    const { mailFrom, rcptTo } = session.envelope;
    const line = { n: ++received, mail: Buffer.concat(chunks).toString('base64'), from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    callback(null);
  });
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

// Stdin closes when the parent goes, even if it dies without stopping this server.
process.stdin.on('end', () => process.exit(0)).resume();

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.server.address() as AddressInfo).port}\n`);
});
