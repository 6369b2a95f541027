// Seed 000's human handoff: an explicit request is answered with the offer of a person; the customer's
// acceptance creates a `handoff` task with the conversation's context and gives the ticket to the team.
// While a person owns it, the bot stays quiet (see ChatService); anything else is triaged afresh.
import type { ResumeValue } from '../../domain/run.ts';
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import { detectHumanRequest } from '../../triage/signals.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;

const accepting = /^\s*(?:y|yes|yeah|yep|yup|sure|ok|okay|please|yes,? please|go ahead|connect me|do it)\b/i;
const declining = /^\s*(?:n|no|nope|not now|no thanks|no,? thank you|never ?mind|cancel)\b/i;

export const handoffNode = {
  run: (ctx: Ctx) => Promise.resolve(offer(ctx)),
  resume: (ctx: Ctx, answer: ResumeValue) => Promise.resolve(answered(ctx, answer)),
};

function offer(ctx: Ctx): Outcome {
  const reply = 'A human specialist can take over this conversation. Reply "yes" if you want to chat with a human.';
  return {
    kind: 'interrupt',
    wait: { kind: 'customer' },
    reply,
    ticket: { priority: 'high' },
    record: {
      layer: 'triage',
      source: 'human_handoff_intent',
      decision: 'offer_human_handoff',
      confidence: ctx.state.triage?.confidence ?? 0.95,
      payload: {
        source: 'human_handoff_intent',
        status: 'awaiting_customer',
        category: ctx.state.triage?.category ?? 'other',
        priority: 'high',
        route: 'offer_human_handoff',
        current_layer: 'triage',
        confidence: ctx.state.triage?.confidence ?? 0.95,
        decision: 'offer_human_handoff',
        escalation_reason: 'The customer explicitly requested human support.',
        handoff_note: 'The customer explicitly asked for a human specialist in this chat.',
        summary: 'The customer explicitly requested human support.',
        reply,
        human_handoff_available: true,
        reasoning_summary: 'User explicitly asked to talk to a human.',
        tags: ['human_handoff', 'explicit_request', 'support_agent'],
        input_snapshot: ctx.state.message,
      },
    },
  };
}

function answered(ctx: Ctx, answer: ResumeValue): Outcome {
  if (answer.kind !== 'customer') throw new Error(`offer_handoff cannot resume from ${answer.kind}`);
  if (accepting.test(answer.text) || detectHumanRequest(answer.text).requested) return accepted(ctx, answer.text);
  if (declining.test(answer.text)) return declined(answer.text);
  // Neither yes nor no: the customer moved on; triage the new message.
  return {
    kind: 'next',
    update: { message: answer.text, route: 'retriage', triage: null },
    record: { layer: 'triage', source: 'workflow', decision: 'handoff_not_accepted', confidence: null, payload: { source: 'workflow', decision: 'handoff_not_accepted', input_snapshot: answer.text, current_layer: 'triage', reasoning_summary: 'The customer answered the offer with a new request; it is triaged afresh.' } },
  };
}

function accepted(ctx: Ctx, text: string): Outcome {
  const reply = "I'm connecting you with a member of our team. They will reply here; your conversation so far is passed on.";
  const session = ctx.state.session;
  const context = {
    original_request: ctx.state.message,
    category: ctx.state.triage?.category ?? null,
    email: session?.user.email ?? ctx.state.email,
    order_id: session?.entities.order_id ?? null,
    frustration_score: session?.user.frustration_score ?? null,
  };
  return {
    kind: 'next',
    update: { route: 'accepted' },
    reply,
    task: { type: 'handoff', title: 'Customer asked for a human', reason: 'The customer explicitly requested human support and accepted the handoff.', priority: 'high', context },
    ticket: { status: 'with_human' },
    record: { layer: 'human', source: 'customer', decision: 'handoff_accepted', confidence: 1, payload: { source: 'customer', status: 'with_human', decision: 'handoff_accepted', handoff_note: 'The customer accepted the handoff; a handoff task was created with the conversation context.', reply, input_snapshot: text, current_layer: 'human', human_handoff_available: true } },
  };
}

function declined(text: string): Outcome {
  const reply = "No problem, I'm still here. What can I help you with?";
  return {
    kind: 'next',
    update: { route: 'declined' },
    reply,
    ticket: { status: 'awaiting_customer' },
    record: { layer: 'triage', source: 'customer', decision: 'handoff_declined', confidence: 1, payload: { source: 'customer', status: 'awaiting_customer', decision: 'handoff_declined', reply, input_snapshot: text, current_layer: 'triage' } },
  };
}
