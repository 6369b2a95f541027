// Every registered tool: where it comes from and its risk tier, shown as a labelled badge.
import type { ConfigView, ToolView } from '../api/types.ts';
import { ConfigSection, type SectionLink } from './config-section.tsx';
import { approvalRuleLabel, riskHint, riskLabel, sourceLabel } from './config-labels.ts';

export function ToolsSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  return (
    <ConfigSection section={section} yamlKey="tools, http_tools, mcp_servers">
      <p>
        A tool's risk tier says what a call can do; whether a call waits for a reviewer is its approval rule (see the approval policies). Tiers:{' '}
        {(['read', 'write', 'money', 'destructive'] as const).map((tier, index) => (
          <span key={tier}>
            {index > 0 ? ', ' : null}
            <strong>{riskLabel[tier]}</strong> {riskHint[tier]}
          </span>
        ))}
        .
      </p>
      <div className="table-scroll">
        <table className="config-table">
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Source</th>
              <th scope="col">Risk tier</th>
              <th scope="col">Needs approval</th>
            </tr>
          </thead>
          <tbody>
            {config.tools.map((tool) => (
              <ToolRow key={tool.name} tool={tool} />
            ))}
          </tbody>
        </table>
      </div>
    </ConfigSection>
  );
}

function ToolRow({ tool }: { tool: ToolView }) {
  return (
    <tr>
      <th scope="row">
        <code>{tool.name}</code>
        <div className="muted config-prose">{tool.description}</div>
      </th>
      <td>
        <span className="badge source-badge">{sourceLabel[tool.source]}</span>
      </td>
      <td>
        <RiskBadge tool={tool} />
      </td>
      <td>
        {approvalRuleLabel(tool)}
        {tool.condition ? (
          <>
            {' '}
            <code>{tool.condition}</code>
          </>
        ) : null}
      </td>
    </tr>
  );
}

export function RiskBadge({ tool }: { tool: Pick<ToolView, 'risk'> }) {
  return (
    <span className={`badge risk-badge risk-${tool.risk}`} title={riskHint[tool.risk]}>
      {riskLabel[tool.risk]}
    </span>
  );
}
