// Slack's interaction URL: Approve / Reject clicks on task messages. The signature is checked over
// the raw body before anything is parsed; Slack then gets its 200 at once (it gives up after three
// seconds), and the decision, which may run the workflow on, is answered through the response_url.
import type { Context } from 'hono';
import { auditRefusedHook } from '../../app/hook-audit.ts';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import { respondToSlack, type SlackResponse } from '../../notify/slack/slack-api.ts';
import { answerSlackClick } from '../../notify/slack/slack-clicks.ts';
import { parseSlackInteraction, type SlackClick } from '../../notify/slack/slack-interaction.ts';
import { slackSettings, type SlackSettings } from '../../notify/slack/slack-settings.ts';
import { verifySlackSignature, type SignatureProblem } from '../../notify/slack/slack-signature.ts';
import type { AppEnv, SwitchboardApp } from '../auth/app-env.ts';
import { errorBody } from '../errors.ts';
import { clientAddress } from '../limits/client-address.ts';

const refusals: Record<SignatureProblem, string> = {
  missing: 'The request has no X-Slack-Signature and X-Slack-Request-Timestamp headers; only Slack may call this URL.',
  malformed: 'The X-Slack-Signature or X-Slack-Request-Timestamp header is malformed.',
  mismatch: 'The X-Slack-Signature does not match: the request was not signed with this app’s signing secret (notifications.slack.signing_secret).',
  stale: 'The request is more than five minutes old (or the clocks differ by that much): replays are refused.',
};

export function slackHookRoutes(app: SwitchboardApp, sb: Switchboard): void {
  const config = sb.config.file.notifications.slack;
  const settings = config ? slackSettings(config, sb.env) : null;

  app.post('/hooks/slack/interactions', async (c) => {
    if (!settings) return c.json(errorBody('not_found', 'Slack is not configured: add notifications.slack to the configuration.'), 404);
    const rawBody = await c.req.text();
    const verdict = verifySlackSignature(settings.signingSecret, { timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature'), rawBody }, sb.clock.now());
    if (!verdict.ok) return refuse(c, sb, verdict.problem);
    const interaction = parseSlackInteraction(rawBody);
    if (interaction.kind === 'malformed') return c.json(errorBody('invalid_request', interaction.reason), 400);
    if (interaction.kind === 'click') answerInBackground(sb, settings, interaction.click);
    return c.body(null, 200);
  });
}

async function refuse(c: Context<AppEnv>, sb: Switchboard, problem: SignatureProblem) {
  await auditRefusedHook(sb.identity, { projectId: defaultProjectId, channel: 'slack', problem, address: clientAddress(c, sb.config.file.limits.trust_proxy) });
  return c.json(errorBody('unauthorized', refusals[problem]), 401);
}

/** Runs after the 200: a failure is told to the clicker when possible, and logged. */
function answerInBackground(sb: Switchboard, settings: SlackSettings, click: SlackClick): void {
  const log = (error: unknown) => sb.logger.error({ err: error, taskId: click.ref.taskId, slackUser: click.userId }, 'answering a Slack click failed');
  void answerSlackClick(sb, settings, click)
    .catch((error: unknown): SlackResponse => {
      log(error);
      return { response_type: 'ephemeral', replace_original: false, text: 'Switchboard could not finish handling this click just now. Look at the task in Switchboard before clicking again.' };
    })
    .then((response) => respondToSlack(click.responseUrl, response, settings.timeoutMs))
    .catch(log);
}
