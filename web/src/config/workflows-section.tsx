// The workflows a conversation may run (the default, visual-builder flows) and the MCP servers whose
// tools join the registry.
import type { ConfigView } from '../api/types.ts';
import { ConfigSection, Items, type SectionLink } from './config-section.tsx';
import { SecretList } from './secret-list.tsx';

export function WorkflowsSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  return (
    <ConfigSection section={section} yamlKey="default_workflow, flows, mcp_servers">
      <p>
        A new conversation runs <code>{config.default_workflow}</code>.
      </p>
      <h3>Flows</h3>
      {config.flows.length === 0 ? (
        <p className="muted">No visual-builder flows.</p>
      ) : (
        <ul className="config-list">
          {config.flows.map((flow) => (
            <li key={flow.name}>
              <code>{flow.name}</code> <span className="muted">from {flow.source}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>MCP servers</h3>
      {config.mcp_servers.length === 0 ? (
        <p className="muted">No MCP servers.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Transport</th>
                <th scope="col">Tools</th>
                <th scope="col">Secrets</th>
              </tr>
            </thead>
            <tbody>
              {config.mcp_servers.map((server) => (
                <tr key={server.name}>
                  <th scope="row">{server.name}</th>
                  <td>{server.transport === 'http' ? 'HTTP' : 'Child process (stdio)'}</td>
                  <td>
                    <Items items={server.tools} />
                  </td>
                  <td>
                    <SecretList secrets={server.secrets} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ConfigSection>
  );
}
