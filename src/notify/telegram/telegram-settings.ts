// The `notifications.telegram` section with its `${NAME}` secrets filled in. Built when the server
// starts (by the sink and by the webhook route), so a missing variable or a secret token Telegram
// would refuse stops the start with the setting's name instead of failing the first message.
import { expandEnv } from '../../config/env-template.ts';
import type { TelegramConfig } from '../../config/notify-config.ts';
import { SwitchboardError } from '../../domain/errors.ts';

export interface TelegramSettings {
  botToken: string;
  /** The chat (group, channel or person) that task messages go to. */
  chatId: string;
  /** What Telegram sends back in X-Telegram-Bot-Api-Secret-Token, as given to setWebhook. */
  secretToken: string;
  /** A Telegram user id → the email of the Switchboard user who decides when they press a button. */
  users: Readonly<Record<string, string>>;
  /** Without a trailing slash. */
  apiUrl: string;
  timeoutMs: number;
}

const where = 'notifications.telegram';
// setWebhook takes a secret_token of 1 to 256 of these characters only.
const secretTokenPattern = /^[A-Za-z0-9_-]{1,256}$/;

export function telegramSettings(config: TelegramConfig, env: NodeJS.ProcessEnv): TelegramSettings {
  return {
    botToken: expandEnv(config.bot_token, env, `${where}.bot_token`),
    chatId: config.chat_id,
    secretToken: checkedSecretToken(expandEnv(config.secret_token, env, `${where}.secret_token`)),
    users: config.users,
    apiUrl: config.api_url.replace(/\/+$/, ''),
    timeoutMs: config.timeout_ms,
  };
}

/** The Switchboard user a Telegram user decides as, if the configuration maps them (own keys only). */
export function reviewerFor(settings: TelegramSettings, telegramUserId: string): string | undefined {
  return Object.hasOwn(settings.users, telegramUserId) ? settings.users[telegramUserId] : undefined;
}

function checkedSecretToken(token: string): string {
  if (secretTokenPattern.test(token)) return token;
  throw new SwitchboardError('invalid_config', `${where}.secret_token must be 1 to 256 characters of A-Z, a-z, 0-9, "_" and "-": Telegram's setWebhook refuses any other secret_token.`, { where: `${where}.secret_token` });
}
