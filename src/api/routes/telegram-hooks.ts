// Telegram's webhook: Updates for the bot, of which Switchboard acts on presses of its Approve /
// Reject buttons. The X-Telegram-Bot-Api-Secret-Token header is checked before the body is read; a
// missing or wrong one is a 401 with an audit entry. A verified update is always answered 200, even
// when handling it failed, since Telegram would otherwise send the same press again and again.
import type { Context } from 'hono';
import { auditRefusedHook } from '../../app/hook-audit.ts';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import { sendPressOutcome } from '../../notify/telegram/telegram-answer.ts';
import { decidePress, type PressOutcome } from '../../notify/telegram/telegram-press.ts';
import { verifyTelegramSecret, type SecretProblem } from '../../notify/telegram/telegram-secret.ts';
import { telegramSettings, type TelegramSettings } from '../../notify/telegram/telegram-settings.ts';
import { parseTelegramUpdate, type TelegramPress } from '../../notify/telegram/telegram-update.ts';
import type { AppEnv, SwitchboardApp } from '../auth/app-env.ts';
import { errorBody } from '../errors.ts';
import { clientAddress } from '../limits/client-address.ts';

const refusals: Record<SecretProblem, string> = {
  missing: 'The request has no X-Telegram-Bot-Api-Secret-Token header; only Telegram, with the webhook’s secret_token, may call this URL.',
  mismatch: 'The X-Telegram-Bot-Api-Secret-Token does not match notifications.telegram.secret_token: set the webhook again with setWebhook and that secret_token.',
};

export function telegramHookRoutes(app: SwitchboardApp, sb: Switchboard): void {
  const config = sb.config.file.notifications.telegram;
  const settings = config ? telegramSettings(config, sb.env) : null;

  app.post('/hooks/telegram', async (c) => {
    if (!settings) return c.json(errorBody('not_found', 'Telegram is not configured: add notifications.telegram to the configuration.'), 404);
    const verdict = verifyTelegramSecret(settings.secretToken, c.req.header('x-telegram-bot-api-secret-token'));
    if (!verdict.ok) return refuse(c, sb, verdict.problem);
    const update = parseTelegramUpdate(await c.req.text());
    if (update.kind === 'malformed') return c.json(errorBody('invalid_request', update.reason), 400);
    if (update.kind === 'press') await handlePress(sb, settings, update.press);
    return c.body(null, 200);
  });
}

async function refuse(c: Context<AppEnv>, sb: Switchboard, problem: SecretProblem) {
  await auditRefusedHook(sb.identity, { projectId: defaultProjectId, channel: 'telegram', problem, address: clientAddress(c, sb.config.file.limits.trust_proxy) });
  return c.json(errorBody('unauthorized', refusals[problem]), 401);
}

async function handlePress(sb: Switchboard, settings: TelegramSettings, press: TelegramPress): Promise<void> {
  const outcome = await decidePress(sb, settings, press).catch((error: unknown): PressOutcome => {
    sb.logger.error({ err: error, taskId: press.button?.taskId, telegramUser: press.userId }, 'handling a Telegram button press failed');
    return { answer: { text: 'Switchboard could not finish handling this press just now. Look at the task in Switchboard before pressing again.', showAlert: true }, update: null };
  });
  await sendPressOutcome(settings, sb.logger, press, outcome);
}
