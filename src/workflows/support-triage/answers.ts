// Canned branches that need neither a tool nor a model: FAQ answers from the configuration, a ticket
// for the team, the offer of a human (seed 000) and a clarifying question.
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;

export function faqNode(deps: SupportWorkflowDeps) {
  return async (ctx: Ctx): Promise<Outcome> => {
    const label = ctx.state.triage?.intent ?? 'unknown';
    const answer = deps.intents[label]?.answer ?? null;
    const reply = answer ?? 'Thanks for your question. A member of our team will get back to you with the answer shortly.';
    const decision = answer ? 'answered' : 'handed_to_team';
    return {
      kind: 'next',
      reply,
      ticket: answer ? { status: 'resolved' } : { status: 'with_human' },
      record: { layer: 'specialist', source: 'faq', decision, confidence: ctx.state.triage?.confidence ?? null, payload: { source: 'faq', status: answer ? 'resolved' : 'with_human', decision, topic: label, reply, current_layer: 'specialist' } },
    };
  };
}

const teamReplies: Readonly<Record<string, string>> = {
  billing: 'our billing team',
  technical: 'our technical team',
  account: 'our account team',
  complaint: 'a team lead',
};

export async function createTicketNode(ctx: Ctx): Promise<Outcome> {
  const category = ctx.state.triage?.category ?? 'other';
  const team = teamReplies[category] ?? 'our support team';
  const apology = category === 'complaint' || ctx.state.session?.user.frustration_detected ? "I'm sorry about your experience. " : 'Thanks for reaching out. ';
  const reply = `${apology}I've logged this as ticket ${ctx.state.ticketNumber ?? ''} and ${team} will follow up with you here.`.replace('  ', ' ');
  return {
    kind: 'next',
    reply,
    ticket: { status: 'with_human' },
    record: { layer: 'specialist', source: 'workflow', decision: 'ticket_created', confidence: 1, payload: { source: 'workflow', status: 'with_human', decision: 'ticket_created', route: 'support_team', category, reply, current_layer: 'specialist' } },
  };
}

export async function clarifyNode(ctx: Ctx): Promise<Outcome> {
  const reply = "I'm not sure I understood. Could you tell me a bit more: is it about an order, a refund, a download, your account or a payment?";
  return {
    kind: 'next',
    reply,
    ticket: { status: 'awaiting_customer' },
    record: { layer: 'triage', source: 'workflow', decision: 'clarify', confidence: ctx.state.triage?.confidence ?? null, payload: { source: 'workflow', decision: 'clarify', status: 'awaiting_customer', reply, current_layer: 'triage' } },
  };
}
