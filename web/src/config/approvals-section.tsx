// Approval policies: which tool calls wait for a person and when, the chain of approvers for the
// largest ones, and the largest amount each role may approve.
import type { ConfigView, ToolView } from '../api/types.ts';
import { ConfigSection, type SectionLink } from './config-section.tsx';
import { approvalRuleLabel, formatCents, mayNeedApproval } from './config-labels.ts';
import { RiskBadge } from './tools-section.tsx';

export function ApprovalsSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  const guarded = config.tools.filter(mayNeedApproval);
  const free = config.tools.filter((tool) => !mayNeedApproval(tool));
  return (
    <ConfigSection section={section} yamlKey="tools.<name>.approval, approval_chains, approval_limits">
      <p>The engine applies these rules to every call; nothing a model says can change them.</p>
      {guarded.length === 0 ? (
        <p className="muted">No tool waits for a person.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">A reviewer must approve</th>
                <th scope="col">Chain of approvers</th>
              </tr>
            </thead>
            <tbody>
              {guarded.map((tool) => (
                <PolicyRow key={tool.name} tool={tool} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {free.length > 0 ? (
        <p>
          Run without approval:{' '}
          {free.map((tool, index) => (
            <span key={tool.name}>
              {index > 0 ? ', ' : null}
              <code>{tool.name}</code>
            </span>
          ))}
          .
        </p>
      ) : null}
      <h3>Approval limits</h3>
      <table className="config-table narrow">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Largest amount it may approve</th>
          </tr>
        </thead>
        <tbody>
          {config.approval_limits.map((limit) => (
            <tr key={limit.role}>
              <th scope="row">{limit.role.charAt(0).toUpperCase() + limit.role.slice(1)}</th>
              <td>{limit.max_cents === null ? <span className="muted">No limit</span> : formatCents(limit.max_cents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConfigSection>
  );
}

function PolicyRow({ tool }: { tool: ToolView }) {
  return (
    <tr>
      <th scope="row">
        <code>{tool.name}</code> <RiskBadge tool={tool} />
      </th>
      <td>
        {approvalRuleLabel(tool)}
        {tool.condition ? (
          <>
            {' '}
            <code>{tool.condition}</code>
          </>
        ) : null}
      </td>
      <td>
        {tool.approval_chains.length === 0 ? (
          <span className="muted">One reviewer</span>
        ) : (
          <ul className="config-list">
            {tool.approval_chains.map((chain) => (
              <li key={chain.when}>
                When <code>{chain.when}</code>: {chain.steps.map((step) => `${step.name}${step.assign_to ? ` (${step.assign_to})` : step.assign_team ? ` (team ${step.assign_team})` : ''}`).join(' → ')}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
