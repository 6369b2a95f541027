// The confirmation before a decision counts: approve (with the arguments that will run) or reject
// (with the reason the agent and the customer will see, kept as a draft while it is typed).
import { useId, useState } from 'react';
import type { HumanTask, JsonObject } from '../api/types.ts';
import { useApi } from '../services.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { useDraft } from '../ui/use-draft.ts';
import { decideTask, type Decision, type DecisionOutcome } from './decide-task.ts';
import { ArgumentList } from './argument-list.tsx';

export type PendingDecision = { kind: 'approve'; task: HumanTask; args?: JsonObject | undefined } | { kind: 'reject'; task: HumanTask };

export interface DecisionDialogProps {
  pending: PendingDecision;
  onClose: () => void;
  onDecided: (outcome: DecisionOutcome, task: HumanTask) => void;
}

export function DecisionDialog({ pending, onClose, onDecided }: DecisionDialogProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [reason, setReason, clearReason] = useDraft(`reject-reason:${pending.task.id}`);
  const decide = async (decision: Decision) => {
    setBusy(true);
    const outcome = await decideTask(api, pending.task.id, decision);
    setBusy(false);
    if (outcome.kind === 'decided' && decision.kind === 'reject') clearReason();
    onDecided(outcome, pending.task);
    if (outcome.kind !== 'failed') onClose();
  };
  if (pending.kind === 'approve') {
    return (
      <ConfirmDialog title={`Approve “${pending.task.title}”?`} confirmLabel="Approve" tone="approve" busy={busy} onCancel={onClose} onConfirm={() => void decide({ kind: 'approve', args: pending.args })}>
        <ApproveSummary task={pending.task} args={pending.args} />
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog title={`Reject “${pending.task.title}”?`} confirmLabel="Reject" tone="reject" busy={busy} confirmDisabled={reason.trim() === ''} onCancel={onClose} onConfirm={() => void decide({ kind: 'reject', reason: reason.trim() })}>
      <RejectReason value={reason} onChange={setReason} />
    </ConfirmDialog>
  );
}

function ApproveSummary({ task, args }: { task: HumanTask; args: JsonObject | undefined }) {
  if (!task.tool_call) return <p>The run waiting on this task continues as approved.</p>;
  return (
    <>
      <p>
        This runs <code>{task.tool_call.tool}</code> {args ? 'with your edited arguments' : 'as proposed'}:
      </p>
      <ArgumentList args={args ?? task.tool_call.args} />
    </>
  );
}

function RejectReason({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Reason (the agent and the customer see it)</label>
      <textarea id={id} required rows={4} value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
