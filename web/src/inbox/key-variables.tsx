// The variables the workflow handed the reviewer (task.context), every value shown as text.
import type { HumanTask } from '../api/types.ts';
import { displayValue } from './argument-list.tsx';

const shownElsewhere = new Set(['approval_chain']);

export function KeyVariables({ task }: { task: HumanTask }) {
  const entries = Object.entries(task.context).filter(([name]) => !shownElsewhere.has(name));
  return (
    <section className="panel" aria-labelledby="variables-title">
      <h2 id="variables-title">Key variables</h2>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <dl className="pairs">
          {entries.map(([name, value]) => (
            <div key={name} className="pair">
              <dt>{name}</dt>
              <dd>{displayValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
