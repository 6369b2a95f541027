// Configuration, read-only: triage rules, escalation triggers, tools with their risk tiers, approval
// policies, the inbox's SLA, channels, workflows and limits, as the server loaded them (no secrets).
import type { ReactNode } from 'react';
import type { ConfigView } from '../api/types.ts';
import { projectApi } from '../api/project.ts';
import { useGet } from '../api/use-get.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { ApprovalsSection } from '../config/approvals-section.tsx';
import { ChannelsSection } from '../config/channels-section.tsx';
import { ClassifierSection } from '../config/classifier-section.tsx';
import { TableOfContents, type SectionLink } from '../config/config-section.tsx';
import { InboxSection } from '../config/inbox-section.tsx';
import { ModelSection } from '../config/model-section.tsx';
import { RulesSection } from '../config/rules-section.tsx';
import { ToolsSection } from '../config/tools-section.tsx';
import { TriggersSection } from '../config/triggers-section.tsx';
import { WorkflowsSection } from '../config/workflows-section.tsx';
import '../config/config.css';

type SectionView = (props: { section: SectionLink; config: ConfigView }) => ReactNode;

const sections: readonly (SectionLink & { view: SectionView })[] = [
  { id: 'rules', title: 'Triage rules', view: RulesSection },
  { id: 'classifier', title: 'Classifier threshold', view: ClassifierSection },
  { id: 'triggers', title: 'Escalation triggers', view: TriggersSection },
  { id: 'tools', title: 'Tools and risk tiers', view: ToolsSection },
  { id: 'approvals', title: 'Approval policies', view: ApprovalsSection },
  { id: 'sla', title: 'SLA and escalation', view: InboxSection },
  { id: 'channels', title: 'Channels', view: ChannelsSection },
  { id: 'workflows', title: 'Workflows and MCP servers', view: WorkflowsSection },
  { id: 'model', title: 'Model and limits', view: ModelSection },
];

export function ConfigPage() {
  const config = useGet<ConfigView>(`${projectApi}/config`);
  return (
    <section className="page config-page" aria-labelledby="config-title">
      <header className="page-header">
        <h1 id="config-title">Configuration</h1>
        <p className="muted">{config.data ? `${config.data.project.name} · answered by ${config.data.project.bot_name}` : 'Loading…'}</p>
      </header>
      <p className="notice config-note">
        Read-only. The configuration is edited in <code>switchboard.yaml</code>, checked with <code>switchboard config validate</code>, and takes effect when the server
        starts. Secrets are never shown: only the names of the environment variables that hold them.
      </p>
      <ErrorNotice error={config.error} />
      {config.data ? <ConfigSections config={config.data} /> : null}
    </section>
  );
}

function ConfigSections({ config }: { config: ConfigView }) {
  return (
    <div className="config-layout">
      <TableOfContents sections={sections} />
      <div className="config-sections">
        {sections.map(({ view: View, ...section }) => (
          <View key={section.id} section={section} config={config} />
        ))}
      </div>
    </div>
  );
}
