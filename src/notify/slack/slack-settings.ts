// The `notifications.slack` section with its `${NAME}` secrets filled in: read once when the sink and
// the interaction route are built, so a missing variable stops startup with the setting's name.
import type { SlackConfig } from '../../config/notify-config.ts';
import { expandEnv } from '../../config/env-template.ts';

/** Where task messages go: an incoming webhook, or chat.postMessage with a bot token. */
export type SlackPoster = { kind: 'webhook'; url: string } | { kind: 'bot'; token: string; channel: string; apiUrl: string };

export interface SlackSettings {
  poster: SlackPoster;
  signingSecret: string;
  /** Slack user id → the email of a Switchboard user. */
  users: Readonly<Record<string, string>>;
  timeoutMs: number;
}

const where = 'notifications.slack';

export function slackSettings(config: SlackConfig, env: NodeJS.ProcessEnv): SlackSettings {
  return {
    poster: slackPoster(config, env),
    signingSecret: expandEnv(config.signing_secret, env, `${where}.signing_secret`),
    users: config.users,
    timeoutMs: config.timeout_ms,
  };
}

function slackPoster(config: SlackConfig, env: NodeJS.ProcessEnv): SlackPoster {
  if (config.webhook_url !== undefined) return { kind: 'webhook', url: expandEnv(config.webhook_url, env, `${where}.webhook_url`) };
  // The schema refuses a bot token without a channel, and a section with neither a token nor a webhook.
  return { kind: 'bot', token: expandEnv(config.bot_token ?? '', env, `${where}.bot_token`), channel: config.channel ?? '', apiUrl: config.api_url.replace(/\/+$/, '') };
}
