// Posts each new human task to the configured Discord channel: an embed with the task and, for an
// open approval, Approve / Reject buttons. The nonce comes from the event's dedupe key and is
// enforced, so a redelivery within Discord's window returns the first message instead of a second.
import { createHash } from 'node:crypto';
import type { OutboxDelivery, OutboxSink } from '../../engine/outbox.ts';
import type { SinkDeps } from '../sinks.ts';
import { createChannelMessage, discordUserAgent } from './discord-api.ts';
import { discordTaskMessage } from './discord-message.ts';
import { discordSettings, type DiscordSettings } from './discord-settings.ts';

/** Discord's limit on a nonce. */
export const maxNonceLength = 25;

export function discordSinks(deps: SinkDeps): OutboxSink[] {
  const config = deps.config.file.notifications.discord;
  if (!config) return [];
  const settings = discordSettings(config, deps.env);
  return [{ name: 'discord', topics: ['task.created'], deliver: (delivery) => postTask(deps, settings, delivery) }];
}

async function postTask(deps: SinkDeps, settings: DiscordSettings, delivery: OutboxDelivery): Promise<void> {
  const notice = await deps.notice(delivery.projectId, String(delivery.payload['taskId']));
  await createChannelMessage(settings, { ...discordTaskMessage(notice), nonce: nonceFor(delivery.dedupeKey), enforce_nonce: true }, discordUserAgent(deps.publicUrl));
}

/** The same event always gets the same nonce. */
export function nonceFor(dedupeKey: string): string {
  return createHash('sha256').update(`discord:${dedupeKey}`).digest('hex').slice(0, maxNonceLength);
}
