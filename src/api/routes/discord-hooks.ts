// Discord's interactions endpoint: Approve / Reject presses on task messages, and Discord's PING.
// The Ed25519 signature is checked over the raw body before anything is parsed; a failure is a 401
// with an audit entry (Discord itself sends bad signatures now and then to check this is done).
import type { Context } from 'hono';
import { auditRefusedHook } from '../../app/hook-audit.ts';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { answerInteraction } from '../../notify/discord/discord-interactions.ts';
import { discordSettings } from '../../notify/discord/discord-settings.ts';
import { verifyDiscordSignature, type SignatureRefusal } from '../../notify/discord/discord-signature.ts';
import type { AppEnv, SwitchboardApp } from '../auth/app-env.ts';
import { errorBody } from '../errors.ts';
import { clientAddress } from '../limits/client-address.ts';

const refusals: Record<SignatureRefusal, string> = {
  missing_headers: 'The request has no X-Signature-Ed25519 and X-Signature-Timestamp headers; only Discord may call this URL.',
  malformed_headers: 'The X-Signature-Ed25519 or X-Signature-Timestamp header is malformed.',
  bad_signature: 'The X-Signature-Ed25519 does not verify: the request was not signed with this application’s key (notifications.discord.public_key).',
  stale_timestamp: 'The request is more than five minutes old (or the clocks differ by that much): replays are refused.',
};

export function discordHookRoutes(app: SwitchboardApp, sb: Switchboard): void {
  const config = sb.config.file.notifications.discord;
  const settings = config ? discordSettings(config, sb.env) : null;

  app.post('/hooks/discord/interactions', async (c) => {
    if (!settings) return c.json(errorBody('not_found', 'Discord is not configured: add notifications.discord to the configuration.'), 404);
    const rawBody = await c.req.text();
    const verdict = verifyDiscordSignature(settings.publicKey, { signature: c.req.header('x-signature-ed25519'), timestamp: c.req.header('x-signature-timestamp'), rawBody }, sb.clock.now());
    if (!verdict.ok) return refuse(c, sb, verdict.reason);
    return c.json(await answerInteraction(sb, settings, parseJson(rawBody)));
  });
}

async function refuse(c: Context<AppEnv>, sb: Switchboard, problem: SignatureRefusal) {
  await auditRefusedHook(sb.identity, { projectId: defaultProjectId, channel: 'discord', problem, address: clientAddress(c, sb.config.file.limits.trust_proxy) });
  return c.json(errorBody('unauthorized', refusals[problem]), 401);
}

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    throw new SwitchboardError('invalid_request', 'The body is not valid JSON.');
  }
}
