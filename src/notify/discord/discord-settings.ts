// The Discord channel's settings with its secrets filled from the environment and its public key
// ready to verify with. Built when the server starts, so a missing variable or a malformed key
// stops the start instead of failing the first notification or the first button press.
import type { KeyObject } from 'node:crypto';
import { expandEnv } from '../../config/env-template.ts';
import type { DiscordConfig } from '../../config/notify-config.ts';
import { ed25519PublicKey } from './discord-signature.ts';

export interface DiscordSettings {
  botToken: string;
  channelId: string;
  publicKey: KeyObject;
  /** A Discord user id → the email of the Switchboard user who decides when they press a button. */
  users: Readonly<Record<string, string>>;
  /** Without a trailing slash. */
  apiUrl: string;
  timeoutMs: number;
}

const where = 'notifications.discord';

export function discordSettings(config: DiscordConfig, env: NodeJS.ProcessEnv): DiscordSettings {
  return {
    botToken: expandEnv(config.bot_token, env, `${where}.bot_token`),
    channelId: config.channel_id,
    publicKey: ed25519PublicKey(expandEnv(config.public_key, env, `${where}.public_key`), `${where}.public_key`),
    users: config.users,
    apiUrl: config.api_url.replace(/\/+$/, ''),
    timeoutMs: config.timeout_ms,
  };
}

/** The Switchboard user a Discord user decides as, if the configuration maps them. */
export function reviewerFor(settings: DiscordSettings, discordUserId: string): string | undefined {
  return Object.hasOwn(settings.users, discordUserId) ? settings.users[discordUserId] : undefined;
}
