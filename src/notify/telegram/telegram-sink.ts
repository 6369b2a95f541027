// Posts each new human task to the configured Telegram chat with sendMessage: the notice in HTML and,
// for an open approval, Approve / Reject buttons. The Bot API takes no idempotency key, so a delivery
// retried after a lost answer may post twice; a press on either copy decides the same task once.
import type { OutboxDelivery, OutboxSink } from '../../engine/outbox.ts';
import type { SinkDeps } from '../sinks.ts';
import { callBotApi } from './telegram-api.ts';
import { telegramTaskMessage } from './telegram-message.ts';
import { telegramSettings, type TelegramSettings } from './telegram-settings.ts';

export function telegramSinks(deps: SinkDeps): OutboxSink[] {
  const config = deps.config.file.notifications.telegram;
  if (!config) return [];
  const settings = telegramSettings(config, deps.env);
  return [{ name: 'telegram', topics: ['task.created'], deliver: (delivery) => postTask(deps, settings, delivery) }];
}

async function postTask(deps: SinkDeps, settings: TelegramSettings, delivery: OutboxDelivery): Promise<void> {
  const notice = await deps.notice(delivery.projectId, String(delivery.payload['taskId']));
  await callBotApi(settings, 'sendMessage', { chat_id: settings.chatId, ...telegramTaskMessage(notice) });
}
