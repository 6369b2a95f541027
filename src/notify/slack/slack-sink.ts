// Posts each new human task to Slack as a Block Kit message with Approve / Reject buttons. Slack's
// posting APIs take no idempotency key, so a delivery retried after a lost answer may post twice;
// a click on either copy decides the same task once.
import type { OutboxDelivery, OutboxSink } from '../../engine/outbox.ts';
import type { SinkDeps } from '../sinks.ts';
import { postSlackMessage } from './slack-api.ts';
import { slackTaskMessage } from './slack-message.ts';
import { slackSettings } from './slack-settings.ts';

export function slackSinks(deps: SinkDeps): OutboxSink[] {
  const config = deps.config.file.notifications.slack;
  if (!config) return [];
  const settings = slackSettings(config, deps.env);
  return [
    {
      name: 'slack',
      topics: ['task.created'],
      deliver: async (delivery: OutboxDelivery) => {
        const notice = await deps.notice(delivery.projectId, String(delivery.payload['taskId']));
        await postSlackMessage(settings.poster, slackTaskMessage(notice), settings.timeoutMs);
      },
    },
  ];
}
