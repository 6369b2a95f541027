// Every destination the configuration names, as outbox sinks: the log (always), mails the workflows
// send, reviewer notifications by mail, Slack, Telegram and Discord, and the outbound webhooks.
import type { LoadedConfig } from '../config/load-config.ts';
import type { Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { Logger } from '../domain/logger.ts';
import type { OutboxSink } from '../engine/outbox.ts';
import type { Db } from '../store/connect.ts';
import type { IdentityDeps } from '../auth/identity-deps.ts';
import type { Mailer } from './email/mailer.ts';
import type { TaskNotice } from './task-notice.ts';
import { logSink } from './log-sink.ts';
import { emailSink } from './email/email-sink.ts';
import { reviewerMailSinks } from './email/reviewer-mail-sink.ts';
import { slackSinks } from './slack/slack-sink.ts';
import { telegramSinks } from './telegram/telegram-sink.ts';
import { discordSinks } from './discord/discord-sink.ts';
import { webhookSinks } from './webhooks/webhook-sink.ts';

export interface SinkDeps {
  config: LoadedConfig;
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  mailer: Mailer;
  identity: IdentityDeps;
  /** Fills `${NAME}` in channel secrets. */
  env: NodeJS.ProcessEnv;
  /** Where links in notifications point (no trailing slash). */
  publicUrl: string;
  /** What a reviewer notification says about a task. */
  notice(projectId: string, taskId: string): Promise<TaskNotice>;
}

export function configuredSinks(deps: SinkDeps): OutboxSink[] {
  return [
    logSink(deps.logger),
    emailSink(deps.mailer),
    ...reviewerMailSinks(deps),
    ...slackSinks(deps),
    ...telegramSinks(deps),
    ...discordSinks(deps),
    ...webhookSinks(deps),
  ];
}
