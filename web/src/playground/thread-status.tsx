// Where the thread stands, in words and as the chat API says it; while it waits for a reviewer, the
// task in the inbox and Approve / Deny.
import type { ChatStatus, Thread } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import type { DecisionOutcome } from '../inbox/decide-task.ts';
import { ApprovalActions } from './approval-actions.tsx';

const statusText: Record<ChatStatus, string> = {
  PAUSED_FOR_APPROVAL: 'Waiting for a reviewer',
  AWAITING_CUSTOMER: 'Waiting for the customer',
  PROCESSING: 'Working on it',
  DONE: 'Done',
  WITH_HUMAN: 'With a person',
  FAILED: 'Failed',
};

export function ThreadStatus({ thread, onOutcome }: { thread: Thread; onOutcome: (outcome: DecisionOutcome) => void }) {
  const taskId = thread.status === 'PAUSED_FOR_APPROVAL' ? thread.task_id : undefined;
  return (
    <div className={`thread-status status-${thread.status.toLowerCase()}`} data-status={thread.status}>
      <p className="thread-status-line">
        <strong>{statusText[thread.status]}</strong> <code className="muted">{thread.status}</code>
        {taskId ? (
          <>
            {' · '}
            <Link to={`/tasks/${encodeURIComponent(taskId)}`}>Open the task in the inbox</Link>
          </>
        ) : null}
      </p>
      {thread.action_result ? <p className="muted">{thread.action_result}</p> : null}
      {taskId ? <ApprovalActions taskId={taskId} onOutcome={onOutcome} /> : null}
    </div>
  );
}
