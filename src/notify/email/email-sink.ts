// Delivers `email.send` outbox messages as mails. The Message-ID comes from the dedupe key, so a mail
// sent again (the process died between sending and marking it delivered) is recognisably the same mail.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SwitchboardError } from '../../domain/errors.ts';
import type { OutboxMessage, OutboxSink } from '../../engine/outbox.ts';
import type { Mailer } from './mailer.ts';

const emailSendPayload = z.object({
  to: z.email(),
  subject: z.string().min(1),
  text: z.string(),
  html: z.string().optional(),
});

export type EmailSendPayload = z.infer<typeof emailSendPayload>;

export function emailSink(mailer: Mailer): OutboxSink {
  return {
    name: 'email',
    topics: ['email.send'],
    deliver: async (message: OutboxMessage) => {
      await mailer.send({ ...parsePayload(message), messageId: messageIdFor(message.dedupeKey) });
    },
  };
}

/** The same dedupe key always gives the same Message-ID. */
export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@switchboard>`;
}

function parsePayload(message: OutboxMessage): EmailSendPayload {
  const parsed = emailSendPayload.safeParse(message.payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
  throw new SwitchboardError(
    'invalid_request',
    `The email.send message ${message.dedupeKey} cannot be sent, whatever the retries: its payload is invalid (${problems}); fix whatever enqueued it.`,
    { outboxId: message.id, dedupeKey: message.dedupeKey, problems },
  );
}
