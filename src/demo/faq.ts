// The demo store's FAQ: answers the default workflow gives without a person or a model.

export interface FaqEntry {
  topic: string;
  pattern: RegExp;
  answer: string;
}

export const demoFaq: readonly FaqEntry[] = [
  { topic: 'shipping', pattern: /shipping|delivery time|how long.*(?:deliver|ship|arrive)/i, answer: 'Orders ship within 1 business day; standard delivery takes 3–5 business days, express 1–2.' },
  { topic: 'returns', pattern: /return policy|return (?:an|my) (?:item|order)|how.*return/i, answer: 'You can return any item within 30 days of delivery. Start a return from your order page; the label is free.' },
  { topic: 'password', pattern: /password|log ?in/i, answer: 'Use "Forgot password" on the sign-in page; the reset link arrives within a few minutes and is valid for one hour.' },
  { topic: 'hours', pattern: /hours|open|when.*(?:available|reach)/i, answer: 'Our support team is available Monday to Friday, 8:00–18:00 CET. This assistant answers around the clock.' },
  { topic: 'tracking', pattern: /track/i, answer: 'Your tracking link is in the shipping confirmation email and on your order page.' },
  { topic: 'payment', pattern: /payment methods?|pay with|credit card|paypal/i, answer: 'We accept Visa, Mastercard, American Express, PayPal and bank transfer.' },
];

export function answerFaq(question: string): FaqEntry | undefined {
  return demoFaq.find((entry) => entry.pattern.test(question));
}
