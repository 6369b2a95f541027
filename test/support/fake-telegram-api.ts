// A stand-in for the Telegram Bot API on 127.0.0.1. It answers the three methods Switchboard calls
// (sendMessage, answerCallbackQuery, editMessageText) as Telegram does: `/bot<token>/<method>` with a
// JSON body, `{ ok: true, result }` or `{ ok: false, error_code, description }`; it parses the HTML
// parse mode strictly (a stray `<` or `&` is refused, as the Bot API documents), keeps the limits on
// text and callback_data, and records every call. It also plays Telegram's side of a button press:
// the Update that the webhook receives, with a callback query it will later accept an answer for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
  method: string;
  /** Whether the path carried the bot's token. */
  authorised: boolean;
  body: Record<string, unknown>;
}

export interface InlineButton {
  text: string;
  callback_data: string;
}

/** A formatting entity as Telegram reports it: its tag and the text it covers. */
export interface SeenEntity {
  tag: string;
  text: string;
}

export interface ChatMessage {
  message_id: number;
  chat_id: string;
  /** The HTML as sent. */
  html: string;
  /** The text readers see: tags gone, entities decoded. */
  text: string;
  entities: SeenEntity[];
  /** Empty when the message has no buttons (or lost them in an edit). */
  buttons: InlineButton[][];
  edits: number;
}

export interface FakeTelegramApi {
  /** What `notifications.telegram.api_url` takes. */
  apiUrl: string;
  botToken: string;
  chatId: string;
  /** Every request, answered or not, in order. */
  calls: TelegramCall[];
  /** The messages in the chat, in order, as they read now. */
  messages: ChatMessage[];
  /** Answers to callback queries, in order. */
  answers: { callback_query_id: string; text: string; show_alert: boolean }[];
  /** From now on, answers every request with this status (429 carries a retry_after); null: normal again. */
  failWith(status: number | null): void;
  /** The Update Telegram posts to the webhook when `userId` presses the button labelled `label` on `message`. */
  press(message: ChatMessage, label: string, userId: number): Record<string, unknown>;
  close(): Promise<void>;
}

const maxTextChars = 4096;
const maxCallbackDataBytes = 64;
const maxAnswerChars = 200;
const htmlTags = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const htmlEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

class BotApiError extends Error {
  readonly code: number;
  constructor(code: number, description: string) {
    super(description);
    this.code = code;
  }
}

export async function startFakeTelegramApi(options: { botToken?: string; chatId?: string } = {}): Promise<FakeTelegramApi> {
  const botToken = options.botToken ?? '123456789:AAFakeTelegramBotTokenForTests_0123';
  const chatId = options.chatId ?? '-1001234567890';
  const calls: TelegramCall[] = [];
  const messages: ChatMessage[] = [];
  const answers: FakeTelegramApi['answers'] = [];
  const openQueries = new Set<string>();
  let failure: number | null = null;
  let nextMessageId = 100;
  let nextQuery = 1;
  let nextUpdate = 500_000;

  const methods: Record<string, (body: Record<string, unknown>) => unknown> = {
    sendMessage: (body) => {
      if (String(body['chat_id']) !== chatId) throw new BotApiError(400, 'Bad Request: chat not found');
      const message: ChatMessage = { message_id: nextMessageId++, chat_id: chatId, ...content(body), edits: 0 };
      messages.push(message);
      return messageObject(message);
    },
    answerCallbackQuery: (body) => {
      const id = String(body['callback_query_id']);
      if (!openQueries.delete(id)) throw new BotApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      const text = typeof body['text'] === 'string' ? body['text'] : '';
      if (text.length > maxAnswerChars) throw new BotApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
      answers.push({ callback_query_id: id, text, show_alert: body['show_alert'] === true });
      return true;
    },
    editMessageText: (body) => {
      const message = messages.find((m) => m.chat_id === String(body['chat_id']) && m.message_id === body['message_id']);
      if (!message) throw new BotApiError(400, 'Bad Request: message to edit not found');
      const edited = content(body);
      if (edited.html === message.html && JSON.stringify(edited.buttons) === JSON.stringify(message.buttons)) {
        throw new BotApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      Object.assign(message, edited, { edits: message.edits + 1 });
      return messageObject(message);
    },
  };

  const server = createServer((request, response) => {
    void readBody(request).then((text) => answer(request.url ?? '', parseObject(text), response));
  });

  function answer(path: string, body: Record<string, unknown>, response: ServerResponse): void {
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    const call: TelegramCall = { method: route?.[2] ?? path, authorised: route?.[1] === botToken, body };
    calls.push(call);
    if (failure === 429) return reply(response, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    if (failure !== null) return reply(response, failure, { ok: false, error_code: failure, description: 'Bad Gateway' });
    if (!call.authorised) return reply(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = route ? methods[call.method] : undefined;
    if (!method) return reply(response, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    try {
      reply(response, 200, { ok: true, result: method(body) });
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error;
      reply(response, error.code, { ok: false, error_code: error.code, description: error.message });
    }
  }

  function messageObject(message: ChatMessage): Record<string, unknown> {
    return {
      message_id: message.message_id,
      from: { id: 123456789, is_bot: true, first_name: 'Switchboard', username: 'switchboard_test_bot' },
      chat: { id: Number(message.chat_id), title: 'Reviewers', type: 'supergroup' },
      date: 1767225600,
      text: message.text,
      ...(message.buttons.length > 0 ? { reply_markup: { inline_keyboard: message.buttons } } : {}),
    };
  }

  function press(message: ChatMessage, label: string, userId: number): Record<string, unknown> {
    const button = message.buttons.flat().find((b) => b.text.includes(label));
    if (!button) throw new Error(`message ${message.message_id} has no button labelled ${label}`);
    const id = `${4_000_000_000 + nextQuery++}`;
    openQueries.add(id);
    return {
      update_id: nextUpdate++,
      callback_query: {
        id,
        from: { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: 'en' },
        message: messageObject(message),
        chat_instance: '-8000000000000000001',
        data: button.callback_data,
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    botToken,
    chatId,
    calls,
    messages,
    answers,
    failWith: (status) => {
      failure = status;
    },
    press,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text, entities and buttons of a sendMessage or editMessageText body, checked as Telegram checks them. */
function content(body: Record<string, unknown>): Pick<ChatMessage, 'html' | 'text' | 'entities' | 'buttons'> {
  const html = typeof body['text'] === 'string' ? body['text'] : '';
  const { text, entities } = body['parse_mode'] === 'HTML' ? parseHtml(html) : { text: html, entities: [] };
  if (text.trim() === '') throw new BotApiError(400, 'Bad Request: message text is empty');
  if (text.length > maxTextChars) throw new BotApiError(400, 'Bad Request: message is too long');
  return { html, text, entities, buttons: inlineKeyboard(body['reply_markup']) };
}

function inlineKeyboard(markup: unknown): InlineButton[][] {
  if (markup === undefined) return [];
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) throw new BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  return rows.map((row: unknown) => {
    if (!Array.isArray(row)) throw new BotApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    return row.map((button: unknown) => checkedButton(button as Partial<InlineButton>));
  });
}

function checkedButton(button: Partial<InlineButton>): InlineButton {
  if (typeof button.text !== 'string' || button.text === '') throw new BotApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
  const data = button.callback_data;
  if (typeof data !== 'string' || data === '' || Buffer.byteLength(data, 'utf8') > maxCallbackDataBytes) throw new BotApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
  return { text: button.text, callback_data: data };
}

/** Telegram's HTML: known tags properly nested, `<`, `>` and `&` only as markup or entities. */
function parseHtml(html: string): { text: string; entities: SeenEntity[] } {
  const open: { tag: string; start: number }[] = [];
  const entities: SeenEntity[] = [];
  let text = '';
  let at = 0;
  while (at < html.length) {
    const char = html[at] ?? '';
    if (char === '<') {
      const tag = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/.exec(html.slice(at));
      if (!tag || !htmlTags.has(tag[2] ?? '')) throw cantParse(`Unsupported start tag at byte offset ${at}`);
      const name = tag[2] ?? '';
      if (tag[1] === '/') {
        const last = open.pop();
        if (last?.tag !== name) throw cantParse(`Can't find end tag corresponding to start tag "${last?.tag ?? name}"`);
        entities.push({ tag: name, text: text.slice(last.start) });
      } else {
        open.push({ tag: name, start: text.length });
      }
      at += tag[0].length;
    } else if (char === '&') {
      const entity = /^&(lt|gt|amp|quot);/.exec(html.slice(at));
      if (!entity) throw cantParse(`Character entity expected at byte offset ${at}`);
      text += htmlEntities[entity[1] ?? ''];
      at += entity[0].length;
    } else if (char === '>') {
      throw cantParse(`Unexpected end tag at byte offset ${at}`);
    } else {
      text += char;
      at += 1;
    }
  }
  if (open.length > 0) throw cantParse(`Can't find end tag corresponding to start tag "${open.at(-1)?.tag ?? ''}"`);
  return { text, entities };
}

function cantParse(detail: string): BotApiError {
  return new BotApiError(400, `Bad Request: can't parse entities: ${detail}`);
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
