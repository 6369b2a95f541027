// The node logic of seed 004's refund flow, shared by both engines so they run exactly the same
// code: a deterministic keyword classifier (no model), the replies, and a fake refund side effect.

export const intents = ['faq', 'issue', 'refund', 'unknown'] as const;
export type Intent = (typeof intents)[number];

export interface Classification {
  intent: Intent;
  /** The amount asked for in a refund request, in cents; null when none is named. */
  amountCents: number | null;
}

const refundWords = /\b(refund|money back|reimburse)/i;
const issueWords = /\b(broken|crash(es|ed)?|error|bug|not working|damaged|fails?)\b/i;
const faqWords = /\b(how|when|where|what|which|do you|can i)\b.*\?|\b(shipping|delivery|opening hours|return policy)\b/i;

export function classifyMessage(message: string): Classification {
  if (refundWords.test(message)) return { intent: 'refund', amountCents: amountIn(message) };
  if (issueWords.test(message)) return { intent: 'issue', amountCents: null };
  if (faqWords.test(message)) return { intent: 'faq', amountCents: null };
  return { intent: 'unknown', amountCents: null };
}

function amountIn(message: string): number | null {
  const match = /\$\s?(\d{1,6}(?:\.\d{1,2})?)/.exec(message);
  return match?.[1] === undefined ? null : Math.round(Number(match[1]) * 100);
}

export function dollars(cents: number | null): string {
  return cents === null ? 'the amount paid' : `$${(cents / 100).toFixed(2)}`;
}

export const replies = {
  faq: 'Standard delivery takes 3–5 business days; you can track your parcel from the link in your order confirmation.',
  ticket: 'Thanks for reporting this. I have logged it as a ticket for our support team.',
  fallback: 'Thanks for your message. A member of our team will follow up shortly.',
  paused: (cents: number | null) => `I have passed your refund request of ${dollars(cents)} to a reviewer.`,
  refunded: (cents: number | null) => `Good news: your refund of ${dollars(cents)} has been issued.`,
  denied: (cents: number | null) => `Sorry, your refund request of ${dollars(cents)} was not approved.`,
};

export const actionResults = {
  refunded: (cents: number | null) => `Refund issued: ${dollars(cents)}`,
  denied: 'Refund denied',
};

export interface RefundReceipt {
  refund_id: string;
  amount_cents: number;
}

/**
 * The payment provider, faked: the refund is "issued" by answering with a receipt keyed by the
 * caller's idempotency key. Nothing is kept in memory, so neither engine's RSS grows with it.
 */
export function fakeRefund(amountCents: number, idempotencyKey: string): Promise<RefundReceipt> {
  return Promise.resolve({ refund_id: `re_${idempotencyKey}`, amount_cents: amountCents });
}

/** The messages the benchmark sends: every thread is a refund request that pauses at the gate. */
export function refundRequest(index: number): string {
  return `Hi, order ORD-${1000 + (index % 9000)} arrived late. I want a refund of $${(10 + (index % 90)).toFixed(2)}.`;
}

/** One message per branch, to check both engines route the same way before anything is timed. */
export const branchSamples: readonly { message: string; intent: Intent }[] = [
  { message: 'I want a refund of $42.50', intent: 'refund' },
  { message: 'How long does shipping take?', intent: 'faq' },
  { message: 'The app crashes when I open my order page', intent: 'issue' },
  { message: 'Hello there', intent: 'unknown' },
];
