// Who has the ticket, and for those whose role allows `tickets.assign` (agents and up): a person's email or name, the
// signed-in person in one click, or nobody. The page reloads the ticket once the server has it.
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { projectId } from '../api/project.ts';
import { assignTicket } from '../api/tickets-api.ts';
import type { TicketDetail } from '../api/types.ts';
import { useApi, useSession } from '../services.tsx';

export function TicketAssignee({ ticket, onAssigned }: { ticket: TicketDetail; onAssigned: () => void }) {
  const api = useApi();
  const session = useSession();
  const inputId = useId();
  const [person, setPerson] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const me = session.status === 'signed_in' ? session.me : null;
  const mayAssign = me?.permissions[projectId]?.includes('tickets.assign') ?? false;

  const assign = async (assignee: string | null) => {
    setBusy(true);
    setFailure(null);
    try {
      await assignTicket(api, ticket.id, assignee);
      setPerson('');
      onAssigned();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (person.trim()) void assign(person.trim());
  };

  return (
    <div className="ticket-assignee">
      <p>
        {ticket.assignee ? (
          <>
            Assigned to <strong>{ticket.assignee}</strong>
          </>
        ) : (
          'Unassigned'
        )}
      </p>
      {mayAssign ? (
        <form onSubmit={submit} aria-label="Assign this ticket">
          <input id={inputId} aria-label="Assign to" type="text" value={person} onChange={(event) => setPerson(event.target.value)} placeholder="rita@example.com" maxLength={200} disabled={busy} />
          <button type="submit" className="button small" disabled={busy || !person.trim()}>
            Assign
          </button>
          {me?.kind === 'user' && ticket.assignee !== me.name ? (
            <button type="button" className="button small" disabled={busy} onClick={() => void assign(me.name)}>
              Assign to me
            </button>
          ) : null}
          {ticket.assignee ? (
            <button type="button" className="button small" disabled={busy} onClick={() => void assign(null)}>
              Unassign
            </button>
          ) : null}
        </form>
      ) : null}
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
