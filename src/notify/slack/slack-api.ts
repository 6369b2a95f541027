// Talking to Slack: posting a message (incoming webhook or chat.postMessage) and answering a click
// through its response_url. Each failure becomes an error that says whether a retry can help and,
// when the configuration is at fault, which setting to fix.
import { SwitchboardError } from '../../domain/errors.ts';
import type { SlackMessage } from './slack-message.ts';
import type { SlackPoster } from './slack-settings.ts';

/** What a click is answered with: the message replaced, or a note only the clicking user sees. */
export type SlackResponse = ({ replace_original: true } & SlackMessage) | { response_type: 'ephemeral'; replace_original: false; text: string };

// chat.postMessage answers HTTP 200 with `ok: false` and one of these when the setup is wrong.
const tokenErrors = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope', 'not_allowed_token_type']);
const channelErrors = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action']);
// …and with one of these when the message itself can never be sent.
const payloadErrors = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_arguments', 'invalid_json', 'json_not_object', 'invalid_form_data']);

export async function postSlackMessage(poster: SlackPoster, message: SlackMessage, timeoutMs: number): Promise<void> {
  if (poster.kind === 'webhook') await postToWebhook(poster.url, message, timeoutMs);
  else await postWithBot(poster, message, timeoutMs);
}

export async function respondToSlack(responseUrl: string, response: SlackResponse, timeoutMs: number): Promise<void> {
  const answer = await sendJson(responseUrl, response, {}, timeoutMs, 'Answering the Slack click');
  if (!isOk(answer)) throw new SwitchboardError('unavailable', `Slack refused the answer to a click (${detailOf(answer)}); response URLs expire 30 minutes after the click.`);
}

async function postToWebhook(url: string, message: SlackMessage, timeoutMs: number): Promise<void> {
  const answer = await sendJson(url, message, {}, timeoutMs, 'Posting to the Slack incoming webhook');
  if (isOk(answer)) return;
  const detail = detailOf(answer);
  if (answer.status === 429) throw rateLimited(answer, detail);
  if (answer.status === 400) throw new SwitchboardError('invalid_request', `Slack refused the message (${detail}); it cannot be sent as it is.`);
  if ([403, 404, 410].includes(answer.status)) {
    throw new SwitchboardError('invalid_config', `Slack refused the incoming webhook (${detail}): it was removed or its channel archived. Create a new incoming webhook and set notifications.slack.webhook_url.`);
  }
  throw new SwitchboardError('unavailable', `Slack did not take the message (${detail}); it is retried.`);
}

async function postWithBot(poster: Extract<SlackPoster, { kind: 'bot' }>, message: SlackMessage, timeoutMs: number): Promise<void> {
  const answer = await sendJson(`${poster.apiUrl}/chat.postMessage`, { channel: poster.channel, ...message }, { authorization: `Bearer ${poster.token}` }, timeoutMs, 'Posting with chat.postMessage');
  if (answer.status === 429) throw rateLimited(answer, 'HTTP 429');
  if (!isOk(answer)) throw new SwitchboardError('unavailable', `Slack did not take the message (${detailOf(answer)}); it is retried.`);
  const body = parseJson(answer.text) as { ok?: unknown; error?: unknown } | null;
  if (body?.ok === true) return;
  throw apiError(typeof body?.error === 'string' ? body.error : 'unreadable_answer', poster.channel, answer);
}

function apiError(error: string, channel: string, answer: SlackAnswer): SwitchboardError {
  if (error === 'ratelimited' || error === 'rate_limited') return rateLimited(answer, error);
  if (tokenErrors.has(error)) {
    return new SwitchboardError('invalid_config', `Slack refused the bot token (${error}): set notifications.slack.bot_token to the app's Bot User OAuth Token (xoxb-…), with the chat:write scope, from an app installed in the workspace.`, { slack_error: error });
  }
  if (channelErrors.has(error)) {
    return new SwitchboardError('invalid_config', `Slack cannot post in channel ${channel} (${error}): set notifications.slack.channel to the channel's id (C…) and invite the app to it with /invite.`, { slack_error: error });
  }
  if (payloadErrors.has(error)) return new SwitchboardError('invalid_request', `Slack refused the message (${error}); it cannot be sent as it is.`, { slack_error: error });
  return new SwitchboardError('unavailable', `Slack did not take the message (${error}); it is retried.`, { slack_error: error });
}

function rateLimited(answer: SlackAnswer, detail: string): SwitchboardError {
  const retryAfter = Number(answer.headers.get('retry-after'));
  const details = Number.isFinite(retryAfter) && retryAfter > 0 ? { retry_after_seconds: retryAfter } : undefined;
  return new SwitchboardError('rate_limited', `Slack is rate-limiting this app (${detail}); the message is retried later.`, details);
}

interface SlackAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** The whole answer is read inside the timeout, so a stalled body counts as a timeout too. */
async function sendJson(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number, what: string): Promise<SlackAnswer> {
  try {
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new SwitchboardError('timeout', `${what} took longer than ${timeoutMs} ms (notifications.slack.timeout_ms); it is retried.`, undefined, { cause: error });
    throw new SwitchboardError('unavailable', `${what} failed: Slack could not be reached (${networkReason(error)}); it is retried.`, undefined, { cause: error });
  }
}

/** fetch says only "fetch failed"; the cause has the useful part (ECONNREFUSED, ENOTFOUND, a bad port). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return typeof (cause as { code?: unknown }).code === 'string' ? String((cause as { code?: unknown }).code) : cause.message;
  return error instanceof Error ? error.message : String(error);
}

function isOk(answer: SlackAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

function detailOf(answer: SlackAnswer): string {
  return `HTTP ${answer.status}: ${answer.text.slice(0, 200) || 'no body'}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
