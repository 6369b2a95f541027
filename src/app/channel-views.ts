// Where reviewers are reached, as the configuration view shows it: which channels are on, where they
// post, and which settings hold secrets (by variable name only).
import type { EmailConfig } from '../config/config-schema.ts';
import type { NotificationsConfig } from '../config/notify-config.ts';
import { secretSettings, type SecretSetting } from './secret-settings.ts';

export const channelNames = ['email', 'slack', 'telegram', 'discord'] as const;
export type ChannelName = (typeof channelNames)[number];

export interface ChannelView {
  name: ChannelName;
  configured: boolean;
  /** Where notices go: a chat or channel id, `incoming webhook`, or how many reviewers get mail. */
  target: string | null;
  /** Chat users mapped to Switchboard users (who may decide from the chat). */
  linked_users: number;
  secrets: SecretSetting[];
}

export interface MailView {
  from: string;
  /** `log`: mails are written to the server log instead of sent. */
  transport: 'smtp' | 'log';
  smtp: { host: string; port: number; secure: boolean } | null;
  secrets: SecretSetting[];
}

export function channelViews(notifications: NotificationsConfig): ChannelView[] {
  const { email, slack, telegram, discord } = notifications;
  return [
    email ? on('email', `${email.to.length} reviewer${email.to.length === 1 ? '' : 's'}`, 0, []) : off('email'),
    slack ? on('slack', slack.channel ?? 'incoming webhook', Object.keys(slack.users).length, secretSettings({ webhook_url: slack.webhook_url, bot_token: slack.bot_token, signing_secret: slack.signing_secret })) : off('slack'),
    telegram ? on('telegram', telegram.chat_id, Object.keys(telegram.users).length, secretSettings({ bot_token: telegram.bot_token, secret_token: telegram.secret_token })) : off('telegram'),
    discord ? on('discord', discord.channel_id, Object.keys(discord.users).length, secretSettings({ bot_token: discord.bot_token, public_key: discord.public_key })) : off('discord'),
  ];
}

export function mailView(email: EmailConfig): MailView {
  const smtp = email.smtp;
  if (!smtp) return { from: email.from, transport: 'log', smtp: null, secrets: [] };
  return { from: email.from, transport: 'smtp', smtp: { host: smtp.host, port: smtp.port, secure: smtp.secure }, secrets: secretSettings({ 'smtp.user': smtp.user, 'smtp.password': smtp.password }) };
}

function on(name: ChannelName, target: string, linkedUsers: number, secrets: SecretSetting[]): ChannelView {
  return { name, configured: true, target, linked_users: linkedUsers, secrets };
}

function off(name: ChannelName): ChannelView {
  return { name, configured: false, target: null, linked_users: 0, secrets: [] };
}
