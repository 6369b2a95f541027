// What the automation concluded, from the newest step that said so: its summary, and the note it left
// for a person taking over.
import type { Run, TicketDetail } from '../api/types.ts';

export function TicketSummary({ ticket }: { ticket: TicketDetail }) {
  const summary = latestText(ticket.runs, 'summary');
  const handoff = latestText(ticket.runs, 'handoff_note');
  return (
    <section className="panel ticket-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{handoff ? 'Human specialist summary' : 'Summary'}</h2>
      {summary ? <p className="trace-text">{summary}</p> : null}
      {handoff ? <p className="trace-text">{handoff}</p> : null}
      {!summary && !handoff ? <p className="muted">No summary yet.</p> : null}
    </section>
  );
}

/** The newest non-empty `key` of any step's payload, the latest run first. */
function latestText(runs: readonly Run[], key: 'summary' | 'handoff_note'): string | null {
  for (const run of runs.toReversed()) {
    for (const step of run.steps.toReversed()) {
      const text = step.output[key];
      if (typeof text === 'string' && text.trim()) return text;
    }
  }
  return null;
}
