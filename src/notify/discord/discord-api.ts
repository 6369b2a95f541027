// The one Discord REST call Switchboard makes: create a message in a channel, as the bot. Failures say
// whether a retry can help: a rate limit, an outage or a timeout can; a message Discord calls
// malformed cannot, and goes to the dead letters at once.
import { PermanentDeliveryError } from '../../engine/outbox.ts';
import type { DiscordMessage } from './discord-message.ts';
import type { DiscordSettings } from './discord-settings.ts';

export interface NewChannelMessage extends DiscordMessage {
  /** At most 25 characters; with enforce_nonce, a repeat within Discord's window returns the first message. */
  nonce: string;
  enforce_nonce: true;
}

const detailChars = 300;

/** Discord asks every bot to name itself: an address to learn about it, and a version. */
export function discordUserAgent(publicUrl: string): string {
  return `DiscordBot (${publicUrl}, 1)`;
}

export async function createChannelMessage(settings: DiscordSettings, message: NewChannelMessage, userAgent: string): Promise<void> {
  const url = `${settings.apiUrl}/channels/${encodeURIComponent(settings.channelId)}/messages`;
  const response = await send(url, settings, message, userAgent);
  if (!response.ok) throw failure(response.status, (await response.text()).slice(0, detailChars));
  await response.body?.cancel();
}

async function send(url: string, settings: DiscordSettings, message: NewChannelMessage, userAgent: string): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bot ${settings.botToken}`, 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new Error(timedOut ? `Discord did not answer within ${settings.timeoutMs} ms.` : `Discord could not be reached: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}

function failure(status: number, detail: string): Error {
  switch (status) {
    case 400:
      return new PermanentDeliveryError(`Discord refused the message as malformed (400): ${detail}`);
    case 401:
      return new Error(`Discord refused the bot token (401); check notifications.discord.bot_token. ${detail}`);
    case 403:
    case 404:
      return new Error(`Discord refused to post in the channel (${status}); check notifications.discord.channel_id and that the bot may send messages there. ${detail}`);
    case 429:
      return new Error(`Discord is rate limiting the bot (429); the message is sent again later. ${detail}`);
    default:
      return new Error(`Discord answered ${status}; the message is sent again later. ${detail}`);
  }
}
