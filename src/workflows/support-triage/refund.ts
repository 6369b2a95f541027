// The refund branch of seed 004: human_gate proposes the refund, the engine's policy decides whether
// a reviewer must approve it, then issue_refund or refund_denied tells the customer the outcome.
import type { ResumeValue } from '../../domain/run.ts';
import { formatMoney, type Money } from '../../domain/money.ts';
import type { RefundArgs, RefundReceipt } from '../../demo/demo-store.ts';
import { toolRefusal } from '../../engine/effects.ts';
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import { extractMoney, extractOrderId } from '../../triage/entities.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;

export function humanGateNode(deps: SupportWorkflowDeps) {
  return {
    run: (ctx: Ctx): Promise<Outcome> => (ctx.state.amount ? proposeRefund(ctx, ctx.state.amount, {}) : Promise.resolve(askForAmount(ctx.state.message))),
    resume: (ctx: Ctx, answer: ResumeValue): Promise<Outcome> => gateResume(ctx, answer, deps),
  };
}

async function gateResume(ctx: Ctx, answer: ResumeValue, deps: SupportWorkflowDeps): Promise<Outcome> {
  if (answer.kind === 'customer') {
    const amount = extractMoney(answer.text);
    if (!amount) return askForAmount(answer.text);
    return proposeRefund(ctx, amount, { amount, orderId: ctx.state.orderId ?? extractOrderId(answer.text, deps.orderIdPattern) });
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

async function proposeRefund(ctx: Ctx, amount: Money, extra: Partial<SupportState>): Promise<Outcome> {
  const orderId = extra.orderId ?? ctx.state.orderId;
  const args = refundArgsFor(amount, orderId, ctx.state.message);
  const shown = formatMoney(amount);
  const policy = await ctx.approvalFor('issue_refund', args);
  if (!policy.required) {
    return {
      kind: 'next',
      update: { ...extra, refundArgs: args, decision: 'approve', reviewer: 'policy' },
      record: { layer: 'specialist', source: 'policy', decision: 'auto_approved', confidence: 1, payload: { source: 'policy', decision: 'auto_approved', tool: 'issue_refund', args, rule: policy.rule, reasoning_summary: policy.reason, current_layer: 'specialist' } },
    };
  }
  const reason = `Refund of ${shown}${orderId ? ` for order ${orderId}` : ''} requested by the customer.`;
  const reply = `I've passed your refund request of ${shown} to a reviewer. You'll hear back here as soon as they decide.`;
  return {
    kind: 'interrupt',
    update: { ...extra, refundArgs: args },
    wait: { kind: 'approval', task: { title: `Approve refund of ${shown}`, reason, priority: 'high', toolCall: { tool: 'issue_refund', args }, context: { amount: shown, order_id: orderId ?? null, email: ctx.state.email, message: ctx.state.message, policy: policy.reason } } },
    reply,
    record: {
      layer: 'specialist',
      source: 'policy',
      decision: 'approval_required',
      confidence: 1,
      payload: { source: 'policy', status: 'awaiting_approval', decision: 'approval_required', route: 'human_gate', escalation_reason: reason, tool: 'issue_refund', args, rule: policy.rule, reasoning_summary: policy.reason, reply, current_layer: 'human', tags: ['refund', 'approval_needed'] },
    },
  };
}

/** The refund the gate proposes for the customer's message (what its approval policy reads). */
export function refundArgsFor(amount: Money, orderId: string | null, message: string): RefundArgs {
  return { amount_cents: amount.amountCents, currency: amount.currency, order_id: orderId ?? null, reason: message.slice(0, 500) };
}

export async function issueRefundNode(ctx: Ctx): Promise<Outcome> {
  const args = ctx.state.refundArgs;
  if (!args) throw new Error('issue_refund reached without refund arguments');
  let receipt: RefundReceipt;
  try {
    receipt = (await ctx.callTool('issue_refund', args)) as RefundReceipt;
  } catch (error) {
    const refusal = toolRefusal(error);
    if (refusal === null) throw error;
    return refundRefused(args, refusal);
  }
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

function refundRefused(args: RefundArgs, refusal: string): Outcome {
  const shown = formatMoney({ amountCents: args.amount_cents, currency: args.currency });
  const reply = `I couldn't issue the refund of ${shown}: ${refusal} I've passed this to our team, who will follow up with you here.`;
  return {
    kind: 'next',
    update: { action_result: `Refund failed: ${refusal}` },
    reply,
    ticket: { status: 'with_human' },
    record: { layer: 'specialist', source: 'tool', decision: 'refund_failed', confidence: 1, payload: { source: 'tool', decision: 'refund_failed', status: 'with_human', escalation_reason: refusal, reply, current_layer: 'specialist' } },
  };
}

export async function refundDeniedNode(ctx: Ctx): Promise<Outcome> {
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
