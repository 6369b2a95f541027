// The model layer (on or off, which model, when it is asked) and the server's rate and budget limits.
import type { ConfigView } from '../api/types.ts';
import { ConfigSection, type SectionLink } from './config-section.tsx';

export function ModelSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  const { llm, limits } = config;
  const pairs: [string, string][] = [
    ['Model', llm.online ? (llm.model ?? 'On, set by SWITCHBOARD_MODEL') : 'Off: rules and the classifier answer alone'],
    ['Ask the model to triage below', `${Math.round(llm.triage_below * 100)}% classifier confidence`],
    ['Most model turns per run', String(llm.max_turns)],
    ['Model tokens per ticket', limits.tokens_per_ticket.toLocaleString()],
    ['Steps per run', limits.max_steps_per_run.toLocaleString()],
    ['Requests per minute', `${limits.requests_per_minute_per_key} per key or person, ${limits.requests_per_minute_per_ip} per address without credentials`],
    ['Sign-ins per minute', `${limits.logins_per_minute_per_ip} per address`],
    ['Request time-out', `${limits.request_timeout_ms / 1000} s`],
    ['Behind a proxy', limits.trust_proxy ? 'Yes: the client address comes from X-Forwarded-For' : 'No'],
  ];
  return (
    <ConfigSection section={section} yamlKey="llm, limits">
      <dl className="pairs">
        {pairs.map(([name, value]) => (
          <div key={name} className="pair">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </ConfigSection>
  );
}
