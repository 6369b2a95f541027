// Calling the Bot API: `POST {api_url}/bot<token>/<method>` with a JSON body. Telegram answers
// `{ ok: true, result }`, or `{ ok: false, error_code, description, parameters? }`; each failure
// becomes an error that says whether a retry can help and, when the configuration is at fault,
// which setting to fix.
import { SwitchboardError } from '../../domain/errors.ts';
import type { TelegramSettings } from './telegram-settings.ts';

export type BotApiMethod = 'sendMessage' | 'answerCallbackQuery' | 'editMessageText';

interface BotApiAnswer {
  ok?: unknown;
  result?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
}

const where = 'notifications.telegram';

export async function callBotApi(settings: TelegramSettings, method: BotApiMethod, body: Record<string, unknown>): Promise<unknown> {
  const { status, answer } = await post(settings, method, body);
  if (answer?.ok === true) return answer.result;
  throw apiError(settings, method, typeof answer?.error_code === 'number' ? answer.error_code : status, answer);
}

async function post(settings: TelegramSettings, method: BotApiMethod, body: Record<string, unknown>): Promise<{ status: number; answer: BotApiAnswer | null }> {
  try {
    const response = await fetch(`${settings.apiUrl}/bot${settings.botToken}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    // Read inside the timeout, so a stalled body counts as a timeout too.
    return { status: response.status, answer: parseAnswer(await response.text()) };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new SwitchboardError('timeout', `Telegram's ${method} took longer than ${settings.timeoutMs} ms (${where}.timeout_ms); it is retried.`, undefined, { cause: error });
    throw new SwitchboardError('unavailable', `Telegram's ${method} failed: the Bot API could not be reached (${networkReason(error)}); it is retried.`, undefined, { cause: error });
  }
}

function apiError(settings: TelegramSettings, method: BotApiMethod, code: number, answer: BotApiAnswer | null): SwitchboardError {
  const description = typeof answer?.description === 'string' ? answer.description.slice(0, 300) : 'no description';
  const details = { method, telegram_error_code: code, telegram_description: description };
  const migratedTo = answer?.parameters?.migrate_to_chat_id;
  if (code === 429) return rateLimited(method, description, answer?.parameters?.retry_after);
  if (code === 401 || code === 404) {
    return new SwitchboardError('invalid_config', `Telegram refused the bot token (${code}: ${description}): set ${where}.bot_token to the token @BotFather gave the bot.`, details);
  }
  if (typeof migratedTo === 'number') {
    return new SwitchboardError('invalid_config', `The Telegram group became a supergroup: set ${where}.chat_id to ${migratedTo}.`, { ...details, migrate_to_chat_id: migratedTo });
  }
  if (code === 403 || (code === 400 && /chat not found/i.test(description))) {
    return new SwitchboardError('invalid_config', `Telegram will not let the bot post in chat ${settings.chatId} (${code}: ${description}): check ${where}.chat_id and that the bot is a member allowed to send messages there.`, details);
  }
  if (code === 400) return new SwitchboardError('invalid_request', `Telegram refused ${method} (${description}); it cannot be sent as it is.`, details);
  return new SwitchboardError('unavailable', `Telegram did not take ${method} (${code}: ${description}); it is retried.`, details);
}

function rateLimited(method: BotApiMethod, description: string, retryAfter: unknown): SwitchboardError {
  const details = typeof retryAfter === 'number' && retryAfter > 0 ? { method, retry_after_seconds: retryAfter } : { method };
  return new SwitchboardError('rate_limited', `Telegram is rate-limiting the bot (${description}); ${method} is retried later.`, details);
}

function parseAnswer(text: string): BotApiAnswer | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
