// The default workflow, seed 004's graph:
//   START → classify → (faq) handle_faq | (issue) create_ticket | (refund) human_gate | (unknown) fallback
//   human_gate → (approve) issue_refund | (deny) refund_denied → END
import type { ResumeValue } from '../domain/run.ts';
import { formatMoney, type Money } from '../domain/money.ts';
import type { Priority } from '../domain/ticket.ts';
import { answerFaq } from '../demo/faq.ts';
import type { RefundArgs, RefundReceipt } from '../demo/demo-store.ts';
import { classifyByKeywords, type Intent } from '../triage/keyword-classifier.ts';
import { extractEmail, extractMoney, extractOrderId } from '../triage/entities.ts';
import type { NodeContext, NodeOutcome, Workflow } from '../engine/graph.ts';
import { workflow } from '../engine/workflow-builder.ts';

export const refundWorkflowName = 'refund-approval';

export type RefundState = {
  message: string;
  ticketNumber: string | null;
  intent: Intent | null;
  confidence: number | null;
  amount: Money | null;
  orderId: string | null;
  email: string | null;
  decision: 'approve' | 'deny' | null;
  reviewer: string | null;
  denialReason: string | null;
  refundArgs: RefundArgs | null;
  action_result: string | null;
};

type Ctx = NodeContext<RefundState>;
type Outcome = NodeOutcome<RefundState>;

const priorityByIntent: Record<Intent, Priority> = { refund: 'high', issue: 'medium', faq: 'low', unknown: 'medium' };

async function classify(ctx: Ctx): Promise<Outcome> {
  const { message } = ctx.state;
  const result = classifyByKeywords(message);
  const amount = extractMoney(message);
  const route = result.intent === 'unknown' ? 'fallback' : result.intent;
  const summary = result.matched ? `Matched "${result.matched}": routed as ${result.intent}.` : 'No known intent matched.';
  return {
    kind: 'next',
    update: { intent: result.intent, confidence: result.confidence, amount, orderId: extractOrderId(message), email: extractEmail(message) },
    ticket: { status: 'in_progress', category: result.intent, priority: priorityByIntent[result.intent], customerEmail: extractEmail(message) },
    record: {
      layer: 'triage',
      source: 'keyword_classifier',
      decision: 'triage',
      confidence: result.confidence,
      payload: {
        source: 'keyword_classifier',
        status: 'in_progress',
        category: result.intent,
        priority: priorityByIntent[result.intent],
        route,
        current_layer: 'triage',
        confidence: result.confidence,
        decision: 'triage',
        summary,
        reasoning_summary: summary,
        tags: result.matched ? [result.intent, result.matched.toLowerCase()] : [result.intent],
        input_snapshot: message,
        entities: { amount, order_id: extractOrderId(message), email: extractEmail(message) },
      },
    },
  };
}

async function handleFaq(ctx: Ctx): Promise<Outcome> {
  const entry = answerFaq(ctx.state.message);
  const reply = entry?.answer ?? 'Thanks for your question. A member of our team will get back to you with the answer shortly.';
  return {
    kind: 'next',
    reply,
    ticket: entry ? { status: 'resolved' } : { status: 'with_human' },
    record: { layer: 'specialist', source: 'faq', decision: entry ? 'answered' : 'handed_to_team', confidence: entry ? 0.9 : 0.5, payload: { source: 'faq', decision: entry ? 'answered' : 'handed_to_team', topic: entry?.topic ?? null, reply, current_layer: 'specialist' } },
  };
}

async function createTicket(ctx: Ctx): Promise<Outcome> {
  const reply = `Sorry about the trouble. I've logged this as ticket ${ctx.state.ticketNumber ?? ''} and our support team will follow up with you here.`.replace('  ', ' ');
  return {
    kind: 'next',
    reply,
    ticket: { status: 'with_human' },
    record: { layer: 'specialist', source: 'workflow', decision: 'ticket_created', confidence: 1, payload: { source: 'workflow', decision: 'ticket_created', route: 'support_team', reply, current_layer: 'specialist' } },
  };
}

async function fallback(ctx: Ctx): Promise<Outcome> {
  const reply = "I'm not sure I understood. Do you have a question, a problem to report, or would you like a refund?";
  return {
    kind: 'next',
    reply,
    ticket: { status: 'awaiting_customer' },
    record: { layer: 'triage', source: 'workflow', decision: 'clarify', confidence: ctx.state.confidence, payload: { source: 'workflow', decision: 'clarify', status: 'awaiting_customer', reply, current_layer: 'triage' } },
  };
}

// The gate proposes the refund; the engine's policy (the tool's risk tier and approval rule)
// decides whether a reviewer must approve it. Without an amount it first asks the customer.
async function gateRun(ctx: Ctx): Promise<Outcome> {
  return ctx.state.amount ? proposeRefund(ctx, ctx.state.amount, {}) : askForAmount(ctx.state.message);
}

async function gateResume(ctx: Ctx, answer: ResumeValue): Promise<Outcome> {
  if (answer.kind === 'customer') {
    const amount = extractMoney(answer.text);
    if (!amount) return askForAmount(answer.text);
    return proposeRefund(ctx, amount, { amount, orderId: ctx.state.orderId ?? extractOrderId(answer.text) });
  }
  if (answer.kind !== 'approval') throw new Error(`human_gate cannot resume from ${answer.kind}`);
  const approvedArgs = { ...(ctx.state.refundArgs ?? {}), ...(answer.editedArgs ?? {}) } as RefundArgs;
  const decision = answer.approved ? 'approve' : 'deny';
  return {
    kind: 'next',
    update: { decision, reviewer: answer.respondedBy, denialReason: answer.reason, refundArgs: approvedArgs },
    record: {
      layer: 'human',
      source: 'human',
      decision: answer.approved ? 'approved' : 'rejected',
      confidence: 1,
      payload: { source: 'human', decision: answer.approved ? 'approved' : 'rejected', responded_by: answer.respondedBy, reason: answer.reason, task_id: answer.taskId, current_layer: 'human', edited_args: answer.editedArgs },
    },
  };
}

function askForAmount(input: string): Outcome {
  const reply = 'I can help with a refund. How much should be refunded, and for which order (for example ORD-1001)?';
  return {
    kind: 'interrupt',
    wait: { kind: 'customer' },
    reply,
    record: { layer: 'specialist', source: 'workflow', decision: 'ask_customer', confidence: null, payload: { source: 'workflow', decision: 'ask_customer', status: 'awaiting_customer', reply, input_snapshot: input, current_layer: 'specialist' } },
  };
}

function proposeRefund(ctx: Ctx, amount: Money, extra: Partial<RefundState>): Outcome {
  const orderId = extra.orderId ?? ctx.state.orderId;
  const args: RefundArgs = { amount_cents: amount.amountCents, currency: amount.currency, order_id: orderId ?? null, reason: ctx.state.message.slice(0, 500) };
  const shown = formatMoney(amount);
  if (!ctx.needsApproval('issue_refund', args)) {
    return {
      kind: 'next',
      update: { ...extra, refundArgs: args, decision: 'approve', reviewer: 'policy' },
      record: { layer: 'specialist', source: 'policy', decision: 'auto_approved', confidence: 1, payload: { source: 'policy', decision: 'auto_approved', tool: 'issue_refund', args, current_layer: 'specialist' } },
    };
  }
  const reason = `Refund of ${shown}${orderId ? ` for order ${orderId}` : ''} requested by the customer.`;
  const reply = `I've passed your refund request of ${shown} to a reviewer. You'll hear back here as soon as they decide.`;
  return {
    kind: 'interrupt',
    update: { ...extra, refundArgs: args },
    wait: { kind: 'approval', task: { title: `Approve refund of ${shown}`, reason, priority: 'high', toolCall: { tool: 'issue_refund', args }, context: { amount: shown, order_id: orderId ?? null, email: ctx.state.email, message: ctx.state.message } } },
    reply,
    record: {
      layer: 'specialist',
      source: 'policy',
      decision: 'approval_required',
      confidence: 1,
      payload: { source: 'policy', status: 'awaiting_approval', decision: 'approval_required', route: 'human_gate', escalation_reason: reason, tool: 'issue_refund', args, reply, current_layer: 'human', tags: ['refund', 'approval_needed'] },
    },
  };
}

async function issueRefund(ctx: Ctx): Promise<Outcome> {
  const args = ctx.state.refundArgs;
  if (!args) throw new Error('issue_refund reached without refund arguments');
  const receipt = (await ctx.callTool('issue_refund', args)) as RefundReceipt;
  const shown = formatMoney({ amountCents: receipt.amount_cents, currency: receipt.currency });
  const reply = `Good news: your refund of ${shown} has been issued. It will reach your account within 5–10 business days.`;
  return {
    kind: 'next',
    update: { action_result: `Refund issued: ${shown}` },
    reply,
    ticket: { status: 'resolved' },
    record: { layer: 'specialist', source: 'tool', decision: 'refund_issued', confidence: 1, payload: { source: 'tool', decision: 'refund_issued', status: 'resolved', reply, refund_id: receipt.refund_id, current_layer: 'specialist' } },
  };
}

async function refundDenied(ctx: Ctx): Promise<Outcome> {
  const amount = ctx.state.refundArgs ? formatMoney({ amountCents: ctx.state.refundArgs.amount_cents, currency: ctx.state.refundArgs.currency }) : 'your refund';
  const reason = ctx.state.denialReason?.trim() || 'it does not meet our refund policy';
  const reply = `We're sorry: your refund request of ${amount} was not approved, because ${reason}. Reply here if you'd like to discuss it.`;
  return {
    kind: 'next',
    update: { action_result: `Refund denied: ${reason}` },
    reply,
    ticket: { status: 'resolved' },
    record: { layer: 'specialist', source: 'workflow', decision: 'refund_denied', confidence: 1, payload: { source: 'workflow', decision: 'refund_denied', status: 'resolved', reply, current_layer: 'specialist' } },
  };
}

export function refundApprovalWorkflow(): Workflow<RefundState> {
  return workflow<RefundState>(refundWorkflowName)
    .node('classify', { run: classify })
    .node('handle_faq', { run: handleFaq })
    .node('create_ticket', { run: createTicket })
    .node('human_gate', { run: gateRun, resume: gateResume })
    .node('fallback', { run: fallback })
    .node('issue_refund', { run: issueRefund })
    .node('refund_denied', { run: refundDenied })
    .route('classify', (s) => (s.intent === 'unknown' || s.intent === null ? 'unknown' : s.intent), { faq: 'handle_faq', issue: 'create_ticket', refund: 'human_gate', unknown: 'fallback' })
    .route('human_gate', (s) => (s.decision === 'approve' ? 'approve' : 'deny'), { approve: 'issue_refund', deny: 'refund_denied' })
    .edge('handle_faq', '__end__')
    .edge('create_ticket', '__end__')
    .edge('fallback', '__end__')
    .edge('issue_refund', '__end__')
    .edge('refund_denied', '__end__')
    .build((input) => ({
      message: input.message,
      ticketNumber: input.ticketNumber,
      intent: null,
      confidence: null,
      amount: null,
      orderId: null,
      email: input.customerEmail,
      decision: null,
      reviewer: null,
      denialReason: null,
      refundArgs: null,
      action_result: null,
    }));
}
