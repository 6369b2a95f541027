// The triage rules (first match decides, before the classifier) and what each classifier label means.
import type { ConfigView, SupportRule } from '../api/types.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { ConfigSection, Items, type SectionLink } from './config-section.tsx';
import { routeLabel } from './config-labels.ts';

export function RulesSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  return (
    <ConfigSection section={section} yamlKey="support_rules, intents">
      <p>In order: the first rule that matches decides, before the classifier is asked.</p>
      {config.support_rules.length === 0 ? (
        <p className="muted">No rules: the classifier decides every message.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Matches</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {config.support_rules.map((rule) => (
                <RuleRow key={String(rule.id)} rule={rule} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Classifier intents</h3>
      <div className="table-scroll">
        <table className="config-table">
          <thead>
            <tr>
              <th scope="col">Intent</th>
              <th scope="col">Category</th>
              <th scope="col">Priority</th>
              <th scope="col">Route</th>
              <th scope="col">FAQ answer</th>
            </tr>
          </thead>
          <tbody>
            {config.intents.map((intent) => (
              <tr key={intent.name}>
                <th scope="row">
                  <code>{intent.name}</code>
                </th>
                <td>{intent.category}</td>
                <td>
                  <PriorityBadge priority={intent.priority} />
                </td>
                <td>{routeLabel[intent.route]}</td>
                <td className="config-prose">{intent.answer ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ConfigSection>
  );
}

function RuleRow({ rule }: { rule: SupportRule }) {
  return (
    <tr className={rule.enabled ? undefined : 'config-disabled'}>
      <th scope="row">
        {rule.name}
        <div className="muted">
          #{rule.id}
          {rule.enabled ? '' : ' · switched off'}
        </div>
      </th>
      <td>
        <RuleMatch rule={rule} />
      </td>
      <td>
        <div>
          <PriorityBadge priority={rule.priority} /> {rule.category} → {routeLabel[rule.route]}
        </div>
        <div className="muted">
          Tags: <Items items={rule.tags} /> · confidence {rule.confidence}
        </div>
      </td>
    </tr>
  );
}

function RuleMatch({ rule }: { rule: SupportRule }) {
  return (
    <dl className="config-pairs">
      {rule.keywords.length > 0 ? (
        <div>
          <dt>{rule.match === 'all' ? 'All of' : 'Any of'}</dt>
          <dd>{rule.keywords.map((keyword) => `“${keyword}”`).join(', ')}</dd>
        </div>
      ) : null}
      {rule.pattern ? (
        <div>
          <dt>Pattern</dt>
          <dd>
            <code>{rule.pattern}</code>
          </dd>
        </div>
      ) : null}
      {rule.condition ? (
        <div>
          <dt>Condition</dt>
          <dd>
            <code>{rule.condition}</code>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
