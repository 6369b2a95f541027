// A reviewer's Approve / Deny for the refund a thread waits on, through the inbox's own resolve call,
// so the same rules hold (nobody approves their own request; a role's limit). A refusal is said in
// the server's words.
import { useId, useState } from 'react';
import { useApi } from '../services.tsx';
import { decideTask, type Decision, type DecisionOutcome } from '../inbox/decide-task.ts';
import { describe, OutcomeNotice } from '../inbox/outcome-notice.tsx';

export function ApprovalActions({ taskId, onOutcome }: { taskId: string; onOutcome: (outcome: DecisionOutcome) => void }) {
  const api = useApi();
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: Decision) => {
    setBusy(true);
    const outcome = await decideTask(api, taskId, decision);
    setBusy(false);
    onOutcome(outcome);
  };
  return (
    <div className="approval-actions">
      <label htmlFor={id}>
        Reason for a denial <span className="muted">(optional; the customer sees it)</span>
      </label>
      <input id={id} type="text" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      <div className="row-actions">
        <button type="button" className="button approve" disabled={busy} onClick={() => void decide({ kind: 'approve' })}>
          Approve
        </button>
        <button type="button" className="button reject" disabled={busy} onClick={() => void decide({ kind: 'reject', reason: reason.trim() })}>
          Deny
        </button>
      </div>
    </div>
  );
}

/** A refusal is an alert, in the server's words; anything else is a status. */
export function DecisionNotice({ outcome }: { outcome: DecisionOutcome | null }) {
  if (outcome?.kind === 'failed') {
    return (
      <p className="notice notice-error" role="alert">
        Not decided: {describe(outcome)}
      </p>
    );
  }
  return <OutcomeNotice outcome={outcome} />;
}
