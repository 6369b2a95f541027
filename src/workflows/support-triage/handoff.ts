// Seed 000's human handoff: an explicit request is answered with the offer of a person; the customer's
// acceptance creates a `handoff` task with the conversation's context and gives the ticket to the team.
// While a person owns it, the bot stays quiet (see ChatService); anything else is triaged afresh.
import type { ResumeValue } from '../../domain/run.ts';
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import { detectHumanRequest } from '../../triage/signals.ts';
import { agentAvailabilityToolName, type Availability } from '../../tools/agent-availability.ts';
import { formatInZone, readCallbackDetails } from '../../triage/callback-details.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;

const accepting = /^\s*(?:y|yes|yeah|yep|yup|sure|ok|okay|please|yes,? please|go ahead|connect me|do it)\b/i;
const declining = /^\s*(?:n|no|nope|not now|no thanks|no,? thank you|never ?mind|cancel)\b/i;

export function handoffNode(deps: SupportWorkflowDeps) {
  return {
    run: (ctx: Ctx) => Promise.resolve(offer(ctx)),
    resume: (ctx: Ctx, answer: ResumeValue) => {
      if (answer.kind === 'timer') return Promise.resolve(callBack(ctx));
      if (ctx.state.handoff === 'callback_offered') return Promise.resolve(callbackAnswer(ctx, answer, deps));
      return answered(ctx, answer, deps);
    },
  };
}

function offer(ctx: Ctx): Outcome {
  const reply = 'A human specialist can take over this conversation. Reply "yes" if you want to chat with a human.';
  return {
    kind: 'interrupt',
    wait: { kind: 'customer', topic: 'handoff_offer' },
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

async function answered(ctx: Ctx, answer: ResumeValue, deps: SupportWorkflowDeps): Promise<Outcome> {
  if (answer.kind !== 'customer') throw new Error(`offer_handoff cannot resume from ${answer.kind}`);
  if (accepting.test(answer.text) || detectHumanRequest(answer.text).requested) return deps.liveAgents ? transfer(ctx, answer.text) : accepted(ctx, answer.text, null);
  if (declining.test(answer.text)) return Promise.resolve(declined(answer.text));
  // Neither yes nor no: the customer moved on; triage the new message.
  return {
    kind: 'next',
    update: { message: answer.text, route: 'retriage', triage: null },
    record: { layer: 'triage', source: 'workflow', decision: 'handoff_not_accepted', confidence: null, payload: { source: 'workflow', decision: 'handoff_not_accepted', input_snapshot: answer.text, current_layer: 'triage', reasoning_summary: 'The customer answered the offer with a new request; it is triaged afresh.' } },
  };
}

/** Seed 001's live-agent transfer: a person who is working and has room takes it; else a callback. */
async function transfer(ctx: Ctx, text: string): Promise<Outcome> {
  const availability = (await ctx.callTool(agentAvailabilityToolName, { department: 'support', priority: 'high' })) as Availability;
  if (availability.available && availability.agent) return accepted(ctx, text, availability);
  const reply = 'All agents are currently busy. Would you like a callback? Reply with your phone number and a good time, for example "+49 30 1234567, tomorrow at 10:00".';
  return {
    kind: 'interrupt',
    wait: { kind: 'customer' },
    update: { handoff: 'callback_offered' },
    reply,
    record: { layer: 'human', source: 'tool', decision: 'offer_callback', confidence: 1, payload: { source: 'tool', decision: 'offer_callback', status: 'awaiting_customer', tool: 'check_agent_availability', availability, reply, input_snapshot: text, current_layer: 'human' } },
  };
}

function handoffContext(ctx: Ctx): Record<string, unknown> {
  const session = ctx.state.session;
  return {
    original_request: ctx.state.message,
    category: ctx.state.triage?.category ?? null,
    email: session?.user.email ?? ctx.state.email,
    order_id: session?.entities.order_id ?? null,
    frustration_score: session?.user.frustration_score ?? null,
  };
}

function accepted(ctx: Ctx, text: string, availability: Availability | null): Outcome {
  const reply = availability
    ? `An agent is available. Estimated wait: ~${availability.estimated_wait} minutes. I have prepared your case with full context. Connecting you now.`
    : "I'm connecting you with a member of our team. They will reply here; your conversation so far is passed on.";
  const context = handoffContext(ctx);
  return {
    kind: 'next',
    update: { route: 'accepted' },
    reply,
    task: { type: 'handoff', title: 'Customer asked for a human', reason: 'The customer explicitly requested human support and accepted the handoff.', priority: 'high', context, ...(availability?.agent ? { assignedTo: availability.agent } : {}) },
    ticket: { status: 'with_human' },
    record: { layer: 'human', source: 'customer', decision: 'handoff_accepted', confidence: 1, payload: { source: 'customer', status: 'with_human', decision: 'handoff_accepted', handoff_note: 'The customer accepted the handoff; a handoff task was created with the conversation context.', reply, input_snapshot: text, current_layer: 'human', human_handoff_available: true } },
  };
}

/** The answer to the callback offer: a number and a time schedule a durable timer; otherwise the email. */
function callbackAnswer(ctx: Ctx, answer: ResumeValue, deps: SupportWorkflowDeps): Outcome {
  if (answer.kind !== 'customer') throw new Error(`the callback offer cannot resume from ${answer.kind}`);
  const details = readCallbackDetails(answer.text, ctx.clock.now(), deps.callbackTimezone);
  if (details.phone && details.at) {
    const shown = formatInZone(details.at, deps.callbackTimezone);
    const reply = `Callback scheduled. We will call you at ${shown} on ${details.phone}.`;
    return {
      kind: 'interrupt',
      wait: { kind: 'timer', afterMs: Math.max(0, Date.parse(details.at) - ctx.clock.now().getTime()) },
      update: { handoff: 'callback_scheduled', callback: { phone: details.phone, at: details.at } },
      reply,
      ticket: { status: 'with_human' },
      record: { layer: 'human', source: 'customer', decision: 'callback_scheduled', confidence: 1, payload: { source: 'customer', decision: 'callback_scheduled', status: 'with_human', callback_number: details.phone, callback_time: details.at, reply, input_snapshot: answer.text, current_layer: 'human' } },
    };
  }
  const wantsOne = /\b(?:yes|callback|call me|sure|ok)\b/i.test(answer.text) || details.phone !== null;
  if (wantsOne) {
    const reply = details.phone ? 'Thanks. When should we call you (for example "tomorrow at 10:00")?' : 'Thanks. Which number should we call, and when?';
    return { kind: 'interrupt', wait: { kind: 'customer' }, reply, record: { layer: 'human', source: 'customer', decision: 'callback_details_missing', confidence: 1, payload: { source: 'customer', decision: 'callback_details_missing', reply, input_snapshot: answer.text, current_layer: 'human' } } };
  }
  const reply = `You can reach us at ${deps.supportEmail}.`;
  return { kind: 'next', update: { handoff: null, route: 'declined' }, reply, ticket: { status: 'awaiting_customer' }, record: { layer: 'human', source: 'customer', decision: 'callback_declined', confidence: 1, payload: { source: 'customer', decision: 'callback_declined', reply, input_snapshot: answer.text, current_layer: 'human' } } };
}

/** The durable timer fired at the agreed time: the callback becomes a task for the team. */
function callBack(ctx: Ctx): Outcome {
  const callback = ctx.state.callback;
  const title = `Call back ${callback?.phone ?? 'the customer'}`;
  return {
    kind: 'next',
    update: { handoff: null, route: 'accepted' },
    task: { type: 'handoff', title, reason: `The customer asked for a callback at ${callback?.at ?? 'the agreed time'} when no agent was available.`, priority: 'high', context: { ...handoffContext(ctx), callback_number: callback?.phone ?? null, callback_time: callback?.at ?? null } },
    ticket: { status: 'with_human' },
    record: { layer: 'human', source: 'timer', decision: 'callback_due', confidence: 1, payload: { source: 'timer', decision: 'callback_due', status: 'with_human', callback_number: callback?.phone ?? null, callback_time: callback?.at ?? null, current_layer: 'human' } },
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
