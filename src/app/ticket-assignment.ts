// Who has a ticket: a person (an email or user name) or nobody. Each change is written onto the
// ticket as it was read (its version), with an audit entry saying who assigned whom, all or nothing.
import type { Selectable } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { auditInserts } from '../store/audit-chain.ts';
import type { EventBus } from '../engine/events.ts';
import type { Db } from '../store/connect.ts';
import type { TicketTable } from '../store/schema.ts';
import { BatchRefused, writeGuarded } from '../store/write-batch.ts';
import type { TicketQueries } from './ticket-queries.ts';
import { ticketView, type TicketView } from './views.ts';

/** Tries of an assignment whose ticket another change got to first. */
const assignAttempts = 5;

export class TicketAssignments {
  readonly #d: { db: Db; tickets: TicketQueries; clock: Clock; ids: IdGenerator; events: EventBus };

  constructor(deps: { db: Db; tickets: TicketQueries; clock: Clock; ids: IdGenerator; events: EventBus }) {
    this.#d = deps;
  }

  /** Gives the ticket to `assignee` (null: to nobody); assigning it to whoever has it already writes nothing. */
  async assign(projectId: string, ticketRef: string, assignee: string | null, by: string): Promise<TicketView> {
    const person = assignee === null ? null : assignee.trim();
    if (person === '') throw new SwitchboardError('invalid_request', 'Name the person to assign the ticket to, or null to unassign it.');
    for (let attempt = 1; ; attempt++) {
      const row = await this.#d.tickets.row(projectId, ticketRef);
      if (row.assignee === person) return ticketView(row);
      try {
        const written = await this.#write(row, person, by);
        this.#d.events.publish({ type: 'ticket', ticketId: written.id, projectId });
        return ticketView(written);
      } catch (error) {
        if (!(error instanceof BatchRefused)) throw error;
        if (attempt >= assignAttempts) throw new SwitchboardError('conflict', `Ticket ${ticketView(row).number} changed meanwhile; try again.`);
      }
    }
  }

  async #write(row: Selectable<TicketTable>, assignee: string | null, by: string): Promise<Selectable<TicketTable>> {
    const { db, clock, ids } = this.#d;
    const now = isoAt(clock);
    const written = { ...row, assignee, updated_at: now, version: row.version + 1 };
    await db.statement(async (k) => {
      const guard = k.updateTable('tickets').set({ assignee, updated_at: now, version: written.version }).where('id', '=', row.id).where('version', '=', row.version).returning('id');
      const audit = await auditInserts(k, db.dialect, ids, [{ projectId: row.project_id, actor: by, action: 'ticket.assigned', subjectType: 'ticket', subjectId: row.id, data: { before: row.assignee, after: assignee }, at: now }]);
      await writeGuarded(k, db.dialect, { guards: [guard], writes: audit });
    });
    return written;
  }
}
