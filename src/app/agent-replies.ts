// A person's reply to the customer (after a handoff, or any time): stored with the conversation,
// delivered through the outbox like the bot's replies, and recorded in the audit log.
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { enqueueOutbox } from '../engine/outbox.ts';
import type { EventBus } from '../engine/events.ts';
import type { Db } from '../store/connect.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { TicketQueries } from './ticket-queries.ts';
import { messageView, type MessageView } from './views.ts';

export interface AgentReply {
  author: string;
  body: string;
}

export class AgentReplies {
  readonly #d: { db: Db; tickets: TicketQueries; clock: Clock; ids: IdGenerator; events: EventBus };

  constructor(deps: { db: Db; tickets: TicketQueries; clock: Clock; ids: IdGenerator; events: EventBus }) {
    this.#d = deps;
  }

  async send(projectId: string, ticketRef: string, reply: AgentReply): Promise<MessageView> {
    const { db, clock, ids } = this.#d;
    const ticket = await this.#d.tickets.find(projectId, ticketRef);
    const now = isoAt(clock);
    const row = { id: ids(), project_id: projectId, ticket_id: ticket.id, run_id: null, role: 'reviewer', body: reply.body, author: reply.author, created_at: now };
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('messages').values(row).execute();
      await enqueueOutbox(trx, ids, clock, { projectId, topic: 'message.created', dedupeKey: `message.created:${row.id}`, payload: { messageId: row.id, ticketId: ticket.id, runId: null, role: 'reviewer' } });
      await appendAudit(trx, db.dialect, ids, { projectId, actor: reply.author, action: 'message.sent', subjectType: 'ticket', subjectId: ticket.id, data: { message_id: row.id, length: reply.body.length }, at: now });
    });
    this.#d.events.publish({ type: 'message', ticketId: ticket.id, projectId, messageId: row.id, role: 'reviewer' });
    return messageView(row);
  }
}
