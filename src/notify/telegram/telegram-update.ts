// What Telegram posts to the webhook: an Update. Only a callback_query (a press on an inline button)
// is acted on; every other kind of update the bot receives is acknowledged and left alone.
import { z } from 'zod';
import { decodeCallbackData, type TelegramButton } from './telegram-callback-data.ts';

export interface TelegramPress {
  /** What answerCallbackQuery needs. */
  queryId: string;
  /** The Telegram user id of whoever pressed. */
  userId: string;
  /** Null for callback_data Switchboard did not write. */
  button: TelegramButton | null;
  /** The message the button is on, to edit after a decision; absent when Telegram no longer shows it to the bot. */
  message: { chatId: number | string; messageId: number } | null;
}

export type TelegramUpdate = { kind: 'press'; press: TelegramPress } | { kind: 'ignored' } | { kind: 'malformed'; reason: string };

const callbackQuery = z.object({
  id: z.string().min(1),
  from: z.object({ id: z.number().int() }),
  message: z.object({ message_id: z.number().int(), chat: z.object({ id: z.union([z.number().int(), z.string()]) }) }).optional(),
  data: z.string().optional(),
});

const update = z.object({ update_id: z.number().int(), callback_query: z.unknown().optional() });

export function parseTelegramUpdate(rawBody: string): TelegramUpdate {
  const parsed = update.safeParse(parseJson(rawBody));
  if (!parsed.success) return { kind: 'malformed', reason: 'The body is not a Telegram Update: a JSON object with an update_id.' };
  if (parsed.data.callback_query === undefined) return { kind: 'ignored' };
  const query = callbackQuery.safeParse(parsed.data.callback_query);
  if (!query.success) return { kind: 'malformed', reason: `The callback_query is incomplete: ${query.error.issues.map((issue) => issue.path.join('.')).join(', ')}.` };
  // A press on a game's button carries no data: nothing of Switchboard's.
  if (query.data.data === undefined) return { kind: 'ignored' };
  return { kind: 'press', press: pressOf(query.data) };
}

function pressOf(query: z.infer<typeof callbackQuery>): TelegramPress {
  return {
    queryId: query.id,
    userId: String(query.from.id),
    button: decodeCallbackData(query.data ?? ''),
    message: query.message ? { chatId: query.message.chat.id, messageId: query.message.message_id } : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
