// One task: why it needs a person, the conversation, the key variables, the proposed tool call (its
// arguments editable before approving), a multi-step chain's state, and the decision. Updated live;
// a decision someone else made first is shown as theirs.
import { useState } from 'react';
import { taskPath, ticketPath } from '../api/tasks-api.ts';
import type { HumanTask, TicketDetail } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { useLiveEvents } from '../live/use-live-events.ts';
import { Link } from '../router/link.tsx';
import type { Params } from '../router/match-path.ts';
import { useApi } from '../services.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { useShortcuts } from '../ui/use-shortcuts.ts';
import { ApprovalChainView } from '../inbox/approval-chain-view.tsx';
import { useArgsEditor } from '../inbox/args-editor.ts';
import { ClosedSummary } from '../inbox/closed-summary.tsx';
import { Conversation } from '../inbox/conversation.tsx';
import { claim } from '../inbox/decide-task.ts';
import { DecisionDialog, type PendingDecision } from '../inbox/decision-dialog.tsx';
import { KeyVariables } from '../inbox/key-variables.tsx';
import { OutcomeNotice, type Outcome } from '../inbox/outcome-notice.tsx';
import { ResolveForm } from '../inbox/resolve-form.tsx';
import { TaskHeader } from '../inbox/task-header.tsx';
import { canDecide, chainOf, isOpen } from '../inbox/task-state.ts';
import { ToolCallPanel } from '../inbox/tool-call-panel.tsx';

export function TaskPage({ params }: { params: Params }) {
  const taskId = params['taskId'] ?? '';
  const task = useGet<HumanTask>(taskPath(taskId));
  const ticketId = task.data?.ticket_id ?? null;
  const ticket = useGet<TicketDetail>(ticketId ? ticketPath(ticketId) : null);
  useLiveEvents((event) => event.type === 'task' && event.taskId === taskId, task.reload);
  useLiveEvents((event) => event.type !== 'task' && event.ticketId === ticketId, ticket.reload);
  return (
    <section className="page task-page" aria-labelledby="task-title">
      <p className="back">
        <Link to="/inbox">← Inbox</Link>
      </p>
      <ErrorNotice error={task.error} />
      {task.data ? <TaskView task={task.data} ticket={ticket.data} reload={task.reload} /> : task.error ? null : <p className="muted">Loading…</p>}
    </section>
  );
}

function TaskView({ task, ticket, reload }: { task: HumanTask; ticket: TicketDetail | undefined; reload: () => void }) {
  const api = useApi();
  const editor = useArgsEditor(task);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const decidable = canDecide(task);
  const chain = chainOf(task);
  const approve = () => decidable && editor.parsed.ok && setPending({ kind: 'approve', task, args: editor.parsed.changed ? editor.parsed.value : undefined });
  const reject = () => decidable && setPending({ kind: 'reject', task });
  const claimIt = async () => {
    setOutcome(await claim(api, task.id));
    reload();
  };
  useShortcuts({ a: approve, r: reject, c: () => void claimIt() });

  return (
    <>
      <TaskHeader task={task} onClaim={() => void claimIt()} />
      <OutcomeNotice outcome={outcome} />
      <div className="task-columns">
        <div className="task-main-column">
          <section className="panel" aria-labelledby="reason-title">
            <h2 id="reason-title">Why it needs you</h2>
            <p className="reason">{task.reason}</p>
            {ticket ? (
              <p className="muted">
                Ticket {ticket.number} · {ticket.status.replaceAll('_', ' ')}
                {ticket.customer_email ? ` · ${ticket.customer_email}` : ''}
              </p>
            ) : null}
          </section>
          {chain ? <ApprovalChainView chain={chain} task={task} /> : null}
          <ToolCallPanel task={task} editor={editor} editable={decidable} />
          {decidable ? (
            <section className="panel decision-panel" aria-label="Decision">
              <button type="button" className="button approve" onClick={approve} disabled={!editor.parsed.ok} aria-keyshortcuts="a">
                Approve…
              </button>
              <button type="button" className="button reject" onClick={reject} aria-keyshortcuts="r">
                Reject…
              </button>
              <span className="muted">
                or press <kbd>a</kbd> / <kbd>r</kbd>
              </span>
            </section>
          ) : null}
          {!decidable && isOpen(task) ? (
            <ResolveForm
              task={task}
              onResolved={(message) => {
                setOutcome({ kind: 'resolved', message });
                reload();
              }}
            />
          ) : null}
          {!isOpen(task) ? <ClosedSummary task={task} /> : null}
        </div>
        <div className="task-side-column">
          <Conversation messages={ticket?.messages ?? (task.ticket_id ? undefined : [])} />
          <KeyVariables task={task} />
        </div>
      </div>
      {pending ? (
        <DecisionDialog
          pending={pending}
          onClose={() => setPending(null)}
          onDecided={(result) => {
            setOutcome(result);
            if (result.kind === 'decided' && result.decision === 'approve') editor.reset();
            reload();
          }}
        />
      ) : null}
    </>
  );
}
