// A keyword classifier for the default intents. It is deliberately simple and explainable:
// the matched phrase is the reason shown in the trace.

export const intents = ['faq', 'issue', 'refund', 'unknown'] as const;
export type Intent = (typeof intents)[number];

export interface Classification {
  intent: Intent;
  confidence: number;
  matched: string | null;
}

const phrases: readonly { intent: Exclude<Intent, 'unknown'>; pattern: RegExp; weight: number }[] = [
  { intent: 'refund', pattern: /\brefund(?:ed|s)?\b/i, weight: 3 },
  { intent: 'refund', pattern: /\bmoney back\b/i, weight: 3 },
  { intent: 'refund', pattern: /\bcharged (?:me )?twice\b|\bdouble[- ]charged\b/i, weight: 2 },
  { intent: 'refund', pattern: /\breimburse/i, weight: 2 },
  { intent: 'issue', pattern: /\b(?:broken|bug|crash(?:es|ed)?|error|not working|doesn'?t work|does not work|fails?|failing|can'?t log ?in|cannot log ?in)\b/i, weight: 2 },
  { intent: 'issue', pattern: /\b(?:damaged|missing|wrong item|never arrived|didn'?t arrive|did not arrive)\b/i, weight: 2 },
  { intent: 'faq', pattern: /\b(?:how (?:do|can|long)|what (?:is|are)|when (?:do|does|are)|where (?:is|can))\b/i, weight: 1 },
  { intent: 'faq', pattern: /\b(?:opening hours|business hours|shipping|delivery time|return policy|reset (?:my )?password|track(?:ing)? (?:my )?order|payment methods?)\b/i, weight: 2 },
];

export function classifyByKeywords(text: string): Classification {
  const scores = new Map<Intent, { score: number; matched: string }>();
  for (const { intent, pattern, weight } of phrases) {
    const match = pattern.exec(text);
    if (!match) continue;
    const current = scores.get(intent);
    scores.set(intent, { score: (current?.score ?? 0) + weight, matched: current?.matched ?? match[0] });
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];
  if (!best) return { intent: 'unknown', confidence: 0.3, matched: null };
  const total = ranked.reduce((sum, [, s]) => sum + s.score, 0);
  const confidence = Math.min(0.95, 0.55 + 0.4 * (best[1].score / total) * Math.min(1, best[1].score / 3));
  return { intent: best[0], confidence: Math.round(confidence * 100) / 100, matched: best[1].matched };
}
