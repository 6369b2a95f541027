// Where reviewers are reached and who else is told: chat channels and mail (configured or not), and
// outgoing webhooks. Secrets appear only as the names of the variables that hold them.
import type { ChannelView, ConfigView } from '../api/types.ts';
import { formatTime } from '../ui/labels.ts';
import { ConfigSection, Items, type SectionLink } from './config-section.tsx';
import { formatMinutes } from './config-labels.ts';
import { SecretList } from './secret-list.tsx';

const channelLabel: Record<ChannelView['name'], string> = { email: 'Email', slack: 'Slack', telegram: 'Telegram', discord: 'Discord' };

export function ChannelsSection({ section, config }: { section: SectionLink; config: ConfigView }) {
  const { channels, mail, link_ttl_minutes: linkTtl } = config.notifications;
  return (
    <ConfigSection section={section} yamlKey="notifications, email, webhooks">
      <p>Reviewers are told of new approvals here, with Approve and Reject actions; action links last {formatMinutes(linkTtl)}.</p>
      <div className="table-scroll">
        <table className="config-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">State</th>
              <th scope="col">Posts to</th>
              <th scope="col">Linked chat users</th>
              <th scope="col">Secrets</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.name}>
                <th scope="row">{channelLabel[channel.name]}</th>
                <td>
                  <span className={`badge ${channel.configured ? 'state-on' : 'state-off'}`}>{channel.configured ? 'Configured' : 'Not configured'}</span>
                </td>
                <td>{channel.target ?? <span className="muted">—</span>}</td>
                <td>{channel.configured && channel.name !== 'email' ? channel.linked_users : <span className="muted">—</span>}</td>
                <td>
                  <SecretList secrets={channel.secrets} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Mail</h3>
      <dl className="pairs">
        <div className="pair">
          <dt>Sent as</dt>
          <dd>{mail.from}</dd>
        </div>
        <div className="pair">
          <dt>Through</dt>
          <dd>{mail.smtp ? `SMTP ${mail.smtp.host}:${mail.smtp.port}${mail.smtp.secure ? ' (TLS)' : ''}` : 'Not sent: written to the server log'}</dd>
        </div>
        <div className="pair">
          <dt>Secrets</dt>
          <dd>
            <SecretList secrets={mail.secrets} />
          </dd>
        </div>
      </dl>
      <h3>Webhooks</h3>
      {config.webhooks.length === 0 ? (
        <p className="muted">No webhooks.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {config.webhooks.map((hook) => (
                <tr key={hook.name}>
                  <th scope="row">{hook.name}</th>
                  <td>
                    <code>{hook.url}</code>
                  </td>
                  <td>
                    <Items items={hook.events} none="All" />
                  </td>
                  <td>{hook.disabled_at ? `Switched off ${formatTime(hook.disabled_at)}` : hook.enabled ? 'On' : 'Off'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ConfigSection>
  );
}
