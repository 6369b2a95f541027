// Tells Telegram how a press ended: answerCallbackQuery always (Telegram keeps a spinner on the
// button until it is answered, and shows at most 200 characters), then editMessageText when the
// message should change. A failure of either is logged: the decision stands either way.
import type { Logger } from '../../domain/logger.ts';
import { callBotApi } from './telegram-api.ts';
import type { PressOutcome } from './telegram-press.ts';
import type { TelegramSettings } from './telegram-settings.ts';
import type { TelegramPress } from './telegram-update.ts';

/** Telegram's limit on the text of answerCallbackQuery. */
export const maxAnswerChars = 200;

export async function sendPressOutcome(settings: TelegramSettings, logger: Logger, press: TelegramPress, outcome: PressOutcome): Promise<void> {
  const answer = { callback_query_id: press.queryId, text: clip(outcome.answer.text, maxAnswerChars), show_alert: outcome.answer.showAlert };
  await callBotApi(settings, 'answerCallbackQuery', answer).catch((error: unknown) => logger.warn({ err: error, telegramUser: press.userId }, 'answering a Telegram button press failed'));
  if (!outcome.update || !press.message) return;
  const edit = { chat_id: press.message.chatId, message_id: press.message.messageId, ...outcome.update };
  await callBotApi(settings, 'editMessageText', edit).catch((error: unknown) => logger.warn({ err: error, telegramUser: press.userId, messageId: press.message?.messageId }, 'editing a Telegram task message failed'));
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
