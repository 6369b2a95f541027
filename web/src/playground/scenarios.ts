// The playground's ready-made customer requests, one per branch of the default workflow. The refund
// is the demo store's order ORD-1001 ($42.50), above the $25 that refunds without a reviewer.
export interface Scenario {
  id: 'refund' | 'faq' | 'issue' | 'human';
  label: string;
  message: string;
}

export const scenarios: readonly Scenario[] = [
  { id: 'refund', label: 'Refund', message: 'I want a refund of $42.50 for order ORD-1001' },
  { id: 'faq', label: 'FAQ', message: 'How long does shipping take?' },
  { id: 'issue', label: 'Issue', message: 'The app crashes with error 500 when I open my invoice' },
  { id: 'human', label: 'Talk to a human', message: 'I want to talk to a human' },
];
