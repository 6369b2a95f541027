// A multi-step approval (a manager, then a VP): who approves in which order, and where this task is.
import type { ApprovalChain, HumanTask } from '../api/types.ts';
import { isOpen } from './task-state.ts';

export function ApprovalChainView({ chain, task }: { chain: ApprovalChain; task: HumanTask }) {
  return (
    <section className="panel" aria-labelledby="chain-title">
      <h2 id="chain-title">
        Approval chain: step {chain.index + 1} of {chain.steps.length}
      </h2>
      <ol className="chain">
        {chain.steps.map((step, index) => {
          const state = stepState(index, chain.index, task);
          return (
            <li key={`${index}-${step.name}`} className={`chain-step chain-${state.tone}`} aria-current={index === chain.index ? 'step' : undefined}>
              <strong>{step.name}</strong>
              {step.assign_to ? ` (${step.assign_to})` : step.assign_team ? ` (team ${step.assign_team})` : ''} — {state.text}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function stepState(index: number, current: number, task: HumanTask): { tone: 'done' | 'current' | 'next'; text: string } {
  if (index < current) return { tone: 'done', text: 'approved' };
  if (index > current) return { tone: 'next', text: task.decision === 'rejected' ? 'not needed' : 'after this one' };
  if (isOpen(task)) return { tone: 'current', text: 'this task: waiting for a decision' };
  return { tone: 'done', text: `this task: ${task.decision ?? task.status}${task.responded_by ? ` by ${task.responded_by}` : ''}` };
}
