// What came of a decision or a claim, said in a live region so a screen reader hears it too.
import { formatTime } from '../ui/labels.ts';
import type { ClaimOutcome, DecisionOutcome } from './decide-task.ts';

/** `resolved`: a task that is not an approval was closed with a form. */
export type Outcome = DecisionOutcome | ClaimOutcome | { kind: 'resolved'; message: string };

export function OutcomeNotice({ outcome }: { outcome: Outcome | null }) {
  return (
    <div role="status" aria-live="polite" className="outcome-region">
      {outcome ? <p className={`notice notice-${toneOf(outcome)}`}>{describe(outcome)}</p> : null}
    </div>
  );
}

function toneOf(outcome: Outcome): 'ok' | 'warn' | 'error' {
  if (outcome.kind === 'decided' || outcome.kind === 'claimed' || outcome.kind === 'resolved') return 'ok';
  return outcome.kind === 'failed' ? 'error' : 'warn';
}

export function describe(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'decided':
      return decidedText(outcome);
    case 'claimed':
      return `You claimed “${outcome.task.title}”.`;
    case 'taken':
      return `Already claimed by ${outcome.by}.`;
    case 'lost_race':
      return `Someone else decided first: ${outcome.decision ?? 'decided'} by ${outcome.by ?? 'another reviewer'}${outcome.at ? ` at ${formatTime(outcome.at)}` : ''}. Below is the task as it stands now.`;
    case 'closed':
      return `This task ${closedText(outcome)}: your answer was not applied and nothing more can be done with it.`;
    case 'moved_on':
    case 'failed':
    case 'resolved':
      return outcome.message;
  }
}

/** When and how a task closed without this reviewer: the expiry rule, or a cancellation. */
function closedText(outcome: Extract<Outcome, { kind: 'closed' }>): string {
  const at = outcome.at ? ` at ${formatTime(outcome.at)}` : '';
  if (outcome.status === 'expired') return `expired${at}${outcome.decision === 'rejected' ? ' and was auto-denied' : ''}`;
  if (outcome.status === 'cancelled') return `was cancelled${at}`;
  return `is ${outcome.status}`;
}

function decidedText(outcome: Extract<Outcome, { kind: 'decided' }>): string {
  const run = outcome.result.run;
  const verb = outcome.decision === 'approve' ? 'Approved' : 'Rejected';
  const action = run?.action_result ? ` ${run.action_result}.` : '';
  const reply = run?.reply ? ` The customer was told: “${run.reply}”` : '';
  return `${verb} “${outcome.result.task.title}”.${action}${reply}`;
}
