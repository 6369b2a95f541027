// Escalation triggers (conditions that pause a conversation for a person) and what happens on errors.
import type { ConfigView, EscalationTrigger, HumanCompleteAction, OnErrorRule } from '../api/types.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { ConfigSection, Items, type SectionLink } from './config-section.tsx';

export function TriggersSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  const { triggers, on_error: onError } = config.escalation;
  return (
    <ConfigSection section={section} yamlKey="escalation">
      {triggers.length === 0 ? (
        <p className="muted">No escalation triggers: conversations reach a person only through their workflow.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Level</th>
                <th scope="col">Reason</th>
                <th scope="col">Shown to the person</th>
                <th scope="col">After the person</th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((trigger, index) => (
                <TriggerRow key={`${trigger.level}-${index}`} trigger={trigger} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>On errors</h3>
      {onError.length === 0 ? <p className="muted">Not configured.</p> : <OnErrorList rules={onError} />}
    </ConfigSection>
  );
}

function TriggerRow({ trigger }: { trigger: EscalationTrigger }) {
  return (
    <tr>
      <th scope="row">
        <code>{trigger.when}</code>
      </th>
      <td>{trigger.level === 'supervisor' ? 'Supervisor' : 'Agent'}</td>
      <td>
        <PriorityBadge priority={trigger.priority} /> {trigger.reason}
        <div className="muted">
          Tags: <Items items={trigger.tags} />
        </div>
      </td>
      <td>
        <Items items={trigger.context_for_human} none="Everything" />
      </td>
      <td>
        <Items items={trigger.on_human_complete.map((rule) => (rule.when ? `if ${rule.when}: ${actionLabel(rule.action)}` : actionLabel(rule.action)))} none="Continue" />
      </td>
    </tr>
  );
}

function actionLabel(action: HumanCompleteAction): string {
  if (action.kind === 'handoff') return `hand off to ${action.agent}`;
  return action.kind === 'complete' ? 'complete the conversation' : 'continue the workflow';
}

function OnErrorList({ rules }: { rules: readonly OnErrorRule[] }) {
  return (
    <ul className="config-list">
      {rules.map((rule) => (
        <li key={rule.kind}>
          <strong>{rule.kind === 'tool_error' ? 'A tool fails' : 'No route fits'}</strong>: retry {rule.retry} {rule.retry === 1 ? 'time' : 'times'}, then{' '}
          {rule.then === 'handoff' ? `hand off to ${rule.handoff_to ?? 'the team'}` : 'escalate to a person'}
          {rule.respond ? <> — the customer is told “{rule.respond}”</> : null}
        </li>
      ))}
    </ul>
  );
}
