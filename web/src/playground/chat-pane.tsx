// The conversation of the selected thread (or of the one about to start): its messages, where it
// stands, a reviewer's decision when it waits for one, and the box to type as the customer.
import { useState } from 'react';
import type { Thread } from '../api/types.ts';
import type { DecisionOutcome } from '../inbox/decide-task.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { DecisionNotice } from './approval-actions.tsx';
import { ChatMessages } from './chat-messages.tsx';
import { Composer } from './composer.tsx';
import { ThreadStatus } from './thread-status.tsx';

export interface ChatPaneProps {
  threadId: string | null;
  /** e.g. "TKT-1001 · support-triage" */
  caption: string | null;
  thread: Thread | undefined;
  error: unknown;
  pending: string | null;
  sendError: unknown;
  onSend: (message: string) => Promise<boolean>;
  onDecided: () => void;
}

export function ChatPane({ threadId, caption, thread, error, pending, sendError, onSend, onDecided }: ChatPaneProps) {
  const [decision, setDecision] = useState<{ taskId: string | undefined; outcome: DecisionOutcome } | null>(null);
  const decided = (outcome: DecisionOutcome) => {
    setDecision({ taskId: thread?.task_id, outcome });
    onDecided();
  };
  const messages = thread?.messages ?? [];
  return (
    <section className="panel chat-pane" aria-labelledby="chat-title">
      <h2 id="chat-title">
        {threadId ? 'Conversation' : 'New thread'} {caption ? <span className="muted">· {caption}</span> : null}
      </h2>
      <ErrorNotice error={error} />
      {!threadId && !pending ? <EmptyThread /> : null}
      {threadId && !thread && !error ? <p className="muted">Loading…</p> : null}
      {messages.length > 0 || pending ? <ChatMessages messages={messages} pending={pending} /> : null}
      {thread ? <ThreadStatus thread={thread} onOutcome={decided} /> : null}
      <DecisionNotice outcome={decision && (decision.outcome.kind === 'decided' || stillPending(thread, decision.taskId)) ? decision.outcome : null} />
      <ErrorNotice error={sendError} />
      <Composer draftKey={`playground-message:${threadId ?? 'new'}`} busy={pending !== null} onSend={onSend} />
    </section>
  );
}

/** A refusal is worth showing only while the task it was about still waits. */
function stillPending(thread: Thread | undefined, taskId: string | undefined): boolean {
  return thread?.status === 'PAUSED_FOR_APPROVAL' && thread.task_id === taskId;
}

function EmptyThread() {
  return (
    <div className="chat-empty">
      <p>
        <strong>Start with a scenario</strong>
      </p>
      <p className="muted">Pick the Refund scenario, or type a support request to begin.</p>
    </div>
  );
}
