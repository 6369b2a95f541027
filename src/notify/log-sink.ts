// The outbox sink every deployment has: each event becomes one structured log line, so operators
// can follow tickets, pauses and decisions in their log pipeline. Email, chat and webhook sinks join it.
import type { Logger } from '../domain/logger.ts';
import type { OutboxDelivery, OutboxMessage, OutboxSink } from '../engine/outbox.ts';

export function logSink(logger: Logger): OutboxSink {
  return {
    name: 'log',
    deliver: async (message: OutboxDelivery) => {
      logger.info({ event: message.topic, eventId: message.id, deliveryId: message.deliveryId, dedupeKey: message.dedupeKey, projectId: message.projectId, ...loggable(message) }, message.topic);
    },
  };
}

/** A mail's body may carry a one-time code: the log keeps who and what about, not the text. */
function loggable(message: OutboxMessage): Record<string, unknown> {
  if (message.topic !== 'email.send') return message.payload;
  const { to, subject, runId, ticketId } = message.payload;
  return { to, subject, runId, ticketId };
}
