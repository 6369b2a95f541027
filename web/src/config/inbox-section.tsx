// The inbox's service levels: when a task of each priority is due, where an overdue task goes next,
// and what happens after the last level.
import type { ConfigView, Priority } from '../api/types.ts';
import { priorityLabel } from '../ui/labels.ts';
import { ConfigSection, type SectionLink } from './config-section.tsx';
import { expiryLabel, formatMinutes } from './config-labels.ts';

const priorities: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

export function InboxSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  const { sla_minutes: sla, escalation_chain: chain, on_expiry: onExpiry } = config.inbox;
  return (
    <ConfigSection section={section} yamlKey="inbox">
      <h3>Due times</h3>
      <dl className="pairs">
        {priorities.map((priority) => (
          <div key={priority} className="pair">
            <dt>{priorityLabel[priority]}</dt>
            <dd>{sla[priority] === undefined ? <span className="muted">No due time</span> : `Due ${formatMinutes(sla[priority])} after the task is created`}</dd>
          </div>
        ))}
      </dl>
      <h3>Escalation chain</h3>
      {chain.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol className="config-list">
          {chain.map((level, index) => (
            <li key={index}>
              To {level.assign_to ?? (level.assign_team ? `team ${level.assign_team}` : 'the same people')}, due {formatMinutes(level.due_in_minutes)} later
              {level.raise_priority ? ', one priority higher' : ''}
            </li>
          ))}
        </ol>
      )}
      <p>
        <strong>After the last level:</strong> {expiryLabel(onExpiry)}.
      </p>
    </ConfigSection>
  );
}
