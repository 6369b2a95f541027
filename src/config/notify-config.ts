// Where reviewers are reached (`notifications:`) and which systems hear about events (`webhooks:`).
// Every secret is written as `${NAME}` and filled from the environment when the server starts.
import { z } from 'zod';
import type { outboxTopics } from '../engine/outbox.ts';

const secret = z.string().min(1);
const timeoutMs = z.number().int().positive().max(120_000).default(10_000);
/** Who a chat user is in Switchboard: their id on that chat → the email of a Switchboard user. */
const userMap = z.record(z.string().min(1), z.email()).default({});

const emailNotifications = z.strictObject({
  /** Reviewers who get a mail per new approval task; each must be a Switchboard user to get one-click links. */
  to: z.array(z.email()).min(1),
});

const slackNotifications = z
  .strictObject({
    /** An incoming-webhook URL, or `bot_token` with `channel` (the bot can then update the message after a decision). */
    webhook_url: secret.optional(),
    bot_token: secret.optional(),
    channel: z.string().min(1).optional(),
    /** The app's signing secret: interactions without a valid X-Slack-Signature get 401. */
    signing_secret: secret,
    users: userMap,
    api_url: z.url().default('https://slack.com/api'),
    timeout_ms: timeoutMs,
  })
  .refine((slack) => (slack.webhook_url === undefined) !== (slack.bot_token === undefined), { message: 'give either webhook_url or bot_token (with channel)', path: ['webhook_url'] })
  .refine((slack) => slack.bot_token === undefined || slack.channel !== undefined, { message: 'a bot token needs the channel to post in', path: ['channel'] });

const telegramNotifications = z.strictObject({
  bot_token: secret,
  chat_id: z.union([z.string().min(1), z.number().int()]).transform(String),
  /** Set as the webhook's secret_token; updates without the matching X-Telegram-Bot-Api-Secret-Token get 401. */
  secret_token: secret,
  users: userMap,
  api_url: z.url().default('https://api.telegram.org'),
  timeout_ms: timeoutMs,
});

const discordNotifications = z.strictObject({
  bot_token: secret,
  channel_id: z.string().min(1),
  /** The application's Ed25519 public key (hex): interactions without a valid signature get 401. */
  public_key: z.string().regex(/^(\$\{[A-Z0-9_]+\}|[0-9a-f]{64})$/i, 'the 64-hex-digit public key of the Discord application, or ${NAME}'),
  users: userMap,
  api_url: z.url().default('https://discord.com/api/v10'),
  timeout_ms: timeoutMs,
});

export const notificationsSchema = z.strictObject({
  email: emailNotifications.optional(),
  slack: slackNotifications.optional(),
  telegram: telegramNotifications.optional(),
  discord: discordNotifications.optional(),
  /** How long one-click links in notifications stay valid. */
  link_ttl_minutes: z.number().int().positive().max(30 * 24 * 60).default(72 * 60),
});

export const webhookTopics = ['ticket.created', 'run.paused', 'task.created', 'task.resolved', 'run.completed'] as const satisfies readonly (typeof outboxTopics)[number][];

export const webhookSchema = z.strictObject({
  /** Names the endpoint in deliveries, the dead-letter list and the log. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'webhook names are lower-case letters, digits and hyphens'),
  url: z.url({ protocol: /^https?$/ }),
  /** Standard Webhooks signing secret: `whsec_` and base64 (`switchboard webhooks secret` makes one). */
  secret,
  events: z.array(z.enum(webhookTopics)).min(1).default([...webhookTopics]),
  timeout_ms: timeoutMs,
  /** Allow loopback, private and link-local targets (receivers on your own network). */
  allow_private: z.boolean().default(false),
});

export type NotificationsConfig = z.infer<typeof notificationsSchema>;
export type SlackConfig = z.infer<typeof slackNotifications>;
export type TelegramConfig = z.infer<typeof telegramNotifications>;
export type DiscordConfig = z.infer<typeof discordNotifications>;
export type WebhookConfig = z.infer<typeof webhookSchema>;
