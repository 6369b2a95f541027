// What Slack posts to the interaction URL: a form with one `payload` field holding JSON. Only clicks
// on Switchboard's Approve / Reject buttons (`block_actions`) are acted on; any other interaction
// the app receives is acknowledged and left alone.
import { z } from 'zod';
import { slackActions, type SlackAction } from './slack-message.ts';
import { slackTaskRef, type SlackTaskRef } from './slack-task-ref.ts';

export interface SlackClick {
  /** The Slack member id (`U…`) of whoever clicked. */
  userId: string;
  action: SlackAction;
  ref: SlackTaskRef;
  /** Where the answer goes: replacing the message, or a note only the clicking user sees. */
  responseUrl: string;
}

export type SlackInteraction = { kind: 'click'; click: SlackClick } | { kind: 'ignored' } | { kind: 'malformed'; reason: string };

const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  response_url: z.url({ protocol: /^https?$/ }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

export function parseSlackInteraction(rawBody: string): SlackInteraction {
  const payload = parseJson(new URLSearchParams(rawBody).get('payload'));
  if (payload === undefined) return { kind: 'malformed', reason: 'The body has no "payload" field holding JSON, as Slack sends interactions.' };
  if (!isBlockActions(payload)) return { kind: 'ignored' };
  const parsed = blockActions.safeParse(payload);
  if (!parsed.success) return { kind: 'malformed', reason: `The block_actions payload is incomplete: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}.` };
  return clickOf(parsed.data);
}

function clickOf(payload: z.infer<typeof blockActions>): SlackInteraction {
  const action = payload.actions[0];
  if (!action || !isSlackAction(action.action_id)) return { kind: 'ignored' };
  const ref = slackTaskRef.decode(action.value ?? '');
  if (!ref) return { kind: 'malformed', reason: `The ${action.action_id} button carries no Switchboard task.` };
  return { kind: 'click', click: { userId: payload.user.id, action: action.action_id, ref, responseUrl: payload.response_url } };
}

function isBlockActions(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { type?: unknown }).type === 'block_actions';
}

function isSlackAction(actionId: string): actionId is SlackAction {
  return (slackActions as readonly string[]).includes(actionId);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
