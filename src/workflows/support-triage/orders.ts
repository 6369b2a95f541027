// Offline specialist branches that act with tools: the status of an order and a fresh download link.
// Both need an order id; without one they ask the customer and continue with the answer.
import type { ResumeValue } from '../../domain/run.ts';
import { formatMoney } from '../../domain/money.ts';
import type { DownloadLinkReceipt } from '../../demo/demo-store.ts';
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import { extractOrderId } from '../../triage/entities.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;
type Act = (ctx: Ctx, orderId: string) => Promise<Outcome>;

interface DemoOrder {
  id: string;
  status: string;
  total_cents: number;
  currency: string;
}

export function orderStatusNode(deps: SupportWorkflowDeps) {
  return withOrderId(deps, 'Which order is it about? Please send the order number (for example ORD-1001).', lookUpOrder);
}

export function downloadLinkNode(deps: SupportWorkflowDeps) {
  return withOrderId(deps, 'I can resend your download link. Which order was it (for example ORD-1002)?', resendLink);
}

function withOrderId(deps: SupportWorkflowDeps, question: string, act: Act) {
  return {
    run: (ctx: Ctx) => (ctx.state.orderId ? act(ctx, ctx.state.orderId) : Promise.resolve(askForOrder(ctx.state.message, question))),
    resume: async (ctx: Ctx, answer: ResumeValue): Promise<Outcome> => {
      if (answer.kind !== 'customer') throw new Error(`an order branch cannot resume from ${answer.kind}`);
      const orderId = extractOrderId(answer.text, deps.orderIdPattern);
      if (!orderId) return handToTeam(answer.text, 'No order number was given.');
      const outcome = await act(ctx, orderId);
      return { ...outcome, update: { ...outcome.update, orderId } };
    },
  };
}

async function lookUpOrder(ctx: Ctx, orderId: string): Promise<Outcome> {
  const order = (await ctx.callTool('lookup_order', { order_id: orderId })) as DemoOrder | null;
  if (!order) return handToTeam(orderId, `No order ${orderId} was found.`, `I couldn't find order ${orderId}. I've passed this to our team, who will check and reply here.`);
  const reply = `Order ${order.id} (${formatMoney({ amountCents: order.total_cents, currency: order.currency })}) is ${order.status}.${order.status === 'shipped' ? ' The tracking link is in your shipping confirmation email.' : ''}`;
  return {
    kind: 'next',
    reply,
    ticket: { status: 'resolved' },
    record: { layer: 'specialist', source: 'tool', decision: 'answered', confidence: 1, payload: { source: 'tool', status: 'resolved', decision: 'answered', tool: 'lookup_order', order_id: order.id, reply, current_layer: 'specialist' } },
  };
}

async function resendLink(ctx: Ctx, orderId: string): Promise<Outcome> {
  const receipt = (await ctx.callTool('resend_download_link', { order_id: orderId })) as DownloadLinkReceipt;
  const reply = `We have resent the download link for order ${receipt.external_id}: ${receipt.download_url}. Please check your email and spam folder as well.`;
  return {
    kind: 'next',
    reply,
    ticket: { status: 'resolved' },
    record: { layer: 'specialist', source: 'tool', decision: 'answered', confidence: 1, payload: { source: 'tool', status: 'resolved', decision: 'answered', tool: 'resend_download_link', external_id: receipt.external_id, reply, current_layer: 'specialist', tags: ['delivery', 'resend', 'download-link'] } },
  };
}

function askForOrder(input: string, question: string): Outcome {
  return {
    kind: 'interrupt',
    wait: { kind: 'customer' },
    reply: question,
    record: { layer: 'specialist', source: 'workflow', decision: 'ask_customer', confidence: null, payload: { source: 'workflow', decision: 'ask_customer', status: 'awaiting_customer', reply: question, input_snapshot: input, current_layer: 'specialist' } },
  };
}

function handToTeam(input: string, reason: string, reply = "Thanks. I've passed this to our team, who will follow up with you here."): Outcome {
  return {
    kind: 'next',
    reply,
    ticket: { status: 'with_human' },
    record: { layer: 'specialist', source: 'workflow', decision: 'handed_to_team', confidence: null, payload: { source: 'workflow', status: 'with_human', decision: 'handed_to_team', escalation_reason: reason, reply, input_snapshot: input, current_layer: 'specialist' } },
  };
}
