// Seed 000's Trace Timeline: "N runs", then every customer message, step (with its tool calls), human
// task and missed or coming due time of the ticket, in the order they happened.
import type { TicketDetail } from '../api/types.ts';
import { CustomerMessageCard, RunStartCard } from './run-start-card.tsx';
import { StepCard } from './step-card.tsx';
import { SlaCard, TaskClosedCard, TaskCreatedCard } from './task-cards.tsx';
import { runCount, traceEntries, type TraceEntry } from './trace-entries.ts';

export function TraceTimeline({ ticket }: { ticket: TicketDetail }) {
  const entries = traceEntries(ticket);
  return (
    <section className="panel trace" aria-labelledby="trace-title">
      <h2 id="trace-title">Trace Timeline</h2>
      <p className="muted">Customer message, automation steps, tool actions and human decisions</p>
      <p className="run-count">{runCount(ticket)}</p>
      <ol className="trace-list">
        {entries.map((entry) => (
          <li key={entry.key} className={`trace-entry trace-${entry.kind}`}>
            <EntryCard entry={entry} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function EntryCard({ entry }: { entry: TraceEntry }) {
  switch (entry.kind) {
    case 'message':
      return <CustomerMessageCard message={entry.message} run={entry.run} />;
    case 'run':
      return <RunStartCard run={entry.run} />;
    case 'step':
      return <StepCard step={entry.step} run={entry.run} />;
    case 'task-created':
      return <TaskCreatedCard task={entry.task} />;
    case 'task-closed':
      return <TaskClosedCard task={entry.task} />;
    case 'sla':
      return <SlaCard task={entry.task} breached={entry.breached} />;
  }
}
